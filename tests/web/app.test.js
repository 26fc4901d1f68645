// End-to-end tests of the web app (web/dist served by a real `parloir serve`), driven in headless
// Chromium: sign-up with an invite, OAuth sign-in, posting, live timelines and notifications,
// reply, favourite, follow, announcements, approval of a pending sign-up, media with alt text,
// French UI, the character counter, responsive layout (390 px / 1280 px screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../js/lib/server.js';
import { launch, screenshot, webDist } from './lib/browser.js';
import { webHarness } from './lib/harness.js';
import { solidPng } from './lib/png.js';

let server;
let base;  // where the app is loaded: the server itself
let browser;
let adminToken;
let app;
const h = webHarness();
const { api, streamReady, passwordToken, newPage, signIn } = h;

const lookup = async (username) =>
  (await fetch(`${server.baseUrl}/api/v1/accounts/lookup?acct=${username}`).then((r) => r.json())).id;

before(async () => {
  assert.ok(existsSync(join(webDist, 'index.html')), `the web app is not built (${webDist}): run scripts/build-web`);
  server = await startServer({ env: {
    PARLOIR_WEB_ROOT: webDist, PARLOIR_INSTANCE_REGISTRATIONS: 'approval', PARLOIR_INSTANCE_LANGUAGES: 'en,fr',
    PARLOIR_INSTANCE_TITLE: 'Parloir Test',
  } });
  base = h.base = server.baseUrl;
  const r = await fetch(`${server.baseUrl}/api/v1/apps`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_name: 'web tests', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob',
      scopes: 'read write follow admin:read admin:write' }),
  });
  app = h.app = await r.json();
  adminToken = await passwordToken(server.admin.email, server.admin.password);
  browser = h.browser = await launch();
});

after(async () => {
  await h.closeContexts();
  await browser?.close();
  await server?.stop();
});

test('the app shell is served at / and at SPA routes', async () => {
  for (const path of ['/', '/notifications', '/statuses/1']) {
    const r = await fetch(`${base}${path}`, { headers: { Accept: 'text/html' } });
    assert.equal(r.status, 200, path);
    assert.match(await r.text(), /<div id="app">/, path);
  }
});

test('sign up with an invite link, then sign in with OAuth (PKCE)', async () => {
  const invite = await api('POST', '/api/v1/admin/invites', adminToken, { max_uses: 1 });
  const page = await newPage();
  await page.goto(`${base}/signup?invite=${invite.code}`);
  await page.getByText('You were invited to join Parloir Test.').waitFor();
  const username = `inv${Date.now() % 100000}`;
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('I agree to the server rules').check();
  await page.getByRole('button', { name: 'Sign up' }).click();
  // An invite skips approval: signed in straight away.
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor().catch(async (e) => {
    throw new Error(`${e.message}\npage: ${await page.locator('main').innerText()}`);
  });
  const invites = await api('GET', '/api/v1/admin/invites', adminToken);
  assert.equal(invites.find((i) => i.id === invite.id).uses, 1);

  const page2 = await newPage();
  await signIn(page2, { email: `${username}@example.com`, password: 'correct horse battery' });
  const token = await page2.evaluate(() => localStorage.getItem('parloir.token'));
  const me = await api('GET', '/api/v1/accounts/verify_credentials', token);
  assert.equal(me.username, username);
});

test('post, live delivery to a follower, follow, favourite, reply, live notifications', async () => {
  const alice = server.createUser(`alice${Date.now() % 10000}`);
  const bob = server.createUser(`bob${Date.now() % 10000}`);
  const aliceId = await lookup(alice.username);
  const pa = await newPage();
  const pb = await newPage();
  await signIn(pa, alice);
  await signIn(pb, bob);
  await streamReady(pa);

  // bob follows alice from her profile; alice's unread badge appears live.
  await pb.goto(`${base}/accounts/${aliceId}`);
  await pb.getByRole('button', { name: 'Follow', exact: true }).click();
  await pb.getByRole('button', { name: 'Unfollow' }).waitFor();
  await pa.getByTestId('unread').filter({ hasText: '1' }).waitFor();

  // alice posts; bob's home (open, never reloaded) announces it live.
  await pb.goto(`${base}/`);
  await pb.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await streamReady(pb);
  const text = `Hello from alice ${Date.now()}`;
  await pa.getByLabel('What is on your mind?').fill(text);
  await pa.getByRole('button', { name: 'Publish' }).click();
  await pa.getByText('Posted.').waitFor();
  await pb.getByRole('button', { name: '1 new post' }).click();
  const card = pb.locator('article.status', { hasText: text });
  await card.waitFor();

  // favourite: the button turns pressed and alice gets a live notification.
  await card.getByRole('button', { name: 'Favourite' }).click();
  await card.locator('button[aria-label="Favourite"][aria-pressed="true"]').waitFor();
  await pa.getByTestId('unread').filter({ hasText: '2' }).waitFor();

  // reply from the thread view.
  await card.getByRole('button', { name: 'Reply' }).click();
  await pb.waitForURL(/\/statuses\/\d+/);
  const reply = `Nice post ${Date.now()}`;
  await pb.getByLabel('Your reply').fill(`@${alice.username} ${reply}`);
  await pb.locator('form.compose').getByRole('button', { name: 'Reply' }).click();
  await pb.locator('section article.status', { hasText: reply }).waitFor();
  await pa.getByTestId('unread').filter({ hasText: '3' }).waitFor();

  // alice's notifications page lists the three, and the count is cleared.
  await pa.getByRole('link', { name: /Notifications/ }).click();
  await pa.getByText(`${bob.username} favourited your post`).waitFor();
  await pa.getByText(`${bob.username} followed you`).waitFor();
  await pa.locator('.notification', { hasText: reply }).waitFor();
  assert.equal(await pa.getByTestId('unread').count(), 0);
  // a new notification arrives live on the open page
  const bobToken = await passwordToken(bob.email, bob.password);
  const st = (await api('GET', `/api/v1/accounts/${aliceId}/statuses`, bobToken))[0];
  await api('POST', `/api/v1/statuses/${st.id}/reblog`, bobToken);
  await pa.getByText(`${bob.username} boosted your post`).waitFor();

  const aliceToken = await pa.evaluate(() => localStorage.getItem('parloir.token'));
  const ctx = await api('GET', `/api/v1/statuses/${st.id}/context`, aliceToken);
  assert.ok(ctx.descendants.some((s) => s.content.includes(reply)));
});

test('announcement banner: shown live, reacted to, dismissed for good', async () => {
  const carol = server.createUser(`carol${Date.now() % 10000}`);
  const page = await newPage();
  await signIn(page, carol);
  await streamReady(page);
  const body = `Maintenance tonight ${Date.now()}`;
  const ann = await api('POST', '/api/v1/admin/announcements', adminToken, { text: body });
  const banner = page.getByRole('region', { name: 'Announcement', exact: true }).filter({ hasText: body });
  await banner.waitFor();  // live through the user stream
  await banner.getByRole('button', { name: 'React with 👍' }).click();
  await banner.getByRole('button', { name: '👍 1' }).waitFor().catch(async (e) => {
    throw new Error(`${e.message}\nbanner: ${await page.locator('.announcements').innerHTML()}`);
  });
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await banner.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByText(body).count(), 0);
  const token = await page.evaluate(() => localStorage.getItem('parloir.token'));
  const mine = await api('GET', '/api/v1/announcements?with_dismissed=true', token);
  const a = mine.find((x) => x.id === ann.id);
  assert.equal(a.read, true);
  assert.equal(a.reactions.find((r) => r.name === '👍').count, 1);
});

test('an admin approves a pending sign-up in the admin pages', async () => {
  const page = await newPage();
  const username = `pend${Date.now() % 100000}`;
  await page.goto(`${base}/signup`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('pending password 1');
  await page.getByLabel('Why do you want to join?').fill('I work here');
  await page.getByLabel('I agree to the server rules').check();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText('Your account is waiting for approval by a moderator.').waitFor();

  const adminPage = await newPage();
  await signIn(adminPage, server.admin);
  await adminPage.getByRole('link', { name: 'Administration' }).click();
  await adminPage.getByRole('heading', { name: 'Pending sign-ups' }).waitFor();
  await adminPage.getByText('I work here').waitFor();
  await screenshot(adminPage, 'admin-pending-1280');
  await adminPage.getByRole('button', { name: `Approve ${username}` }).click();
  await adminPage.getByText(`${username} approved.`).waitFor();

  // every admin section loads without an error from the API
  for (const [tab, heading] of [['Accounts', 'Accounts'], ['Reports', 'Reports'], ['Invites', 'Invites'],
    ['Announcements', 'Announcements'], ['Domains', 'Federation'], ['Instance', 'Instance'], ['Audit log', 'Audit log']]) {
    await adminPage.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: tab }).click();
    await adminPage.getByRole('heading', { name: heading, level: 2 }).waitFor();
    await adminPage.waitForTimeout(300);
    assert.equal(await adminPage.locator('main [role=alert]').count(), 0, `${tab}: ${await adminPage.locator('main').innerText()}`);
  }
  await adminPage.locator('td', { hasText: 'approve' }).first().waitFor();  // the audit log has the approval
  const pending = await api('GET', '/api/v1/admin/accounts?pending=true', adminToken);
  assert.ok(!pending.some((a) => a.username === username));
  const page2 = await newPage();
  await signIn(page2, { email: `${username}@example.com`, password: 'pending password 1' });
});

test('a status with an image and alt text; the counter counts like the server; profile editing', async () => {
  const dave = server.createUser(`dave${Date.now() % 10000}`);
  const page = await newPage();
  await signIn(page, dave);
  const box = page.getByLabel('What is on your mind?');
  // URLs count 23, remote mentions count their username part only: 3 + 23 + 1 + 4 = 31.
  await box.fill('Hi https://example.com/a/very/long/path/that/keeps/going @bob@remote.example');
  await page.getByTestId('counter').filter({ hasText: /^469$/ }).waitFor();
  // graphemes: an emoji ZWJ family and e + combining acute count one each
  await box.fill('\u{1F469}\u200D\u{1F469}\u200D\u{1F467} e\u0301');
  await page.getByTestId('counter').filter({ hasText: /^497$/ }).waitFor();
  // the boundary agrees with the server: exactly 500 is accepted, 501 is refused
  const exact = `${'x'.repeat(476)} https://example.com/${'y'.repeat(200)}`;
  await box.fill(`z${exact}`);
  await page.getByTestId('counter').filter({ hasText: /^-1$/ }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Publish' }).isDisabled());
  const daveToken = await page.evaluate(() => localStorage.getItem('parloir.token'));
  const refused = await fetch(`${server.baseUrl}/api/v1/statuses`, {
    method: 'POST', headers: { Authorization: `Bearer ${daveToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: `z${exact}` }),
  });
  assert.equal(refused.status, 422);
  await box.fill(exact);
  await page.getByTestId('counter').filter({ hasText: /^0$/ }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Posted.').waitFor();
  await box.fill('');
  await page.locator('form.compose input[type=file]').setInputFiles({
    name: 'square.png', mimeType: 'image/png', buffer: solidPng(64, 64, [200, 40, 90]),
  });
  const alt = 'A magenta square';
  await page.getByLabel('Alt text for square.png').fill(alt);
  await box.fill('Look at this');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Posted.').waitFor();
  await page.reload();
  const img = page.locator(`article.status img[alt="${alt}"]`);
  await img.waitFor();
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the image loads');
  const token = await page.evaluate(() => localStorage.getItem('parloir.token'));
  const me = await api('GET', '/api/v1/accounts/verify_credentials', token);
  const [st] = await api('GET', `/api/v1/accounts/${me.id}/statuses`, token);
  assert.equal(st.media_attachments[0].description, alt);

  // edit the profile: display name, bio and avatar
  await page.getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('link', { name: 'Edit profile' }).click();
  await page.getByLabel('Display name').fill('Dave D.');
  await page.getByLabel('Bio').fill('I test things');
  await page.getByLabel('Avatar').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: solidPng(96, 96, [20, 120, 200]) });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  const after = await api('GET', '/api/v1/accounts/verify_credentials', token);
  assert.equal(after.display_name, 'Dave D.');
  assert.match(after.note, /I test things/);
  assert.ok(!after.avatar.endsWith('missing.png'), after.avatar);
});

test('search, live hashtag timeline, bookmarks, lists', async () => {
  const gina = server.createUser(`gina${Date.now() % 10000}`);
  const hank = server.createUser(`hank${Date.now() % 10000}`);
  const hankToken = await passwordToken(hank.email, hank.password);
  const page = await newPage();
  await signIn(page, gina);

  const tag = `webtag${Date.now() % 100000}`;
  await page.goto(`${base}/tags/${tag}`);
  await page.getByRole('heading', { name: `#${tag}`, level: 1 }).waitFor();
  await streamReady(page);
  await api('POST', '/api/v1/statuses', hankToken, { status: `Tagged #${tag}` });
  await page.getByRole('button', { name: '1 new post' }).click();
  const card = page.locator('article.status', { hasText: `Tagged #${tag}` });
  await card.getByRole('button', { name: 'Bookmark' }).click();
  await card.locator('button[aria-label="Bookmark"][aria-pressed="true"]').waitFor();
  await page.getByRole('link', { name: 'Bookmarks' }).click();
  await page.locator('article.status', { hasText: `Tagged #${tag}` }).waitFor();

  await page.getByRole('link', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill(hank.username);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: hank.username }).click();
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await page.getByRole('button', { name: 'Unfollow' }).waitFor();

  await page.getByRole('link', { name: 'Lists' }).click();
  await page.getByLabel('New list').fill('Friends');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Friends' }).click();
  await page.getByRole('link', { name: 'Manage members' }).click();
  await page.getByLabel('Add people you follow').fill(hank.username);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('link', { name: hank.username }).waitFor();
  await page.getByRole('link', { name: 'Back' }).click();
  await page.getByRole('heading', { name: 'Friends', level: 1 }).waitFor();
  await streamReady(page);
  await api('POST', '/api/v1/statuses', hankToken, { status: 'For my list readers' });
  await page.getByRole('button', { name: '1 new post' }).click();
  await page.locator('article.status', { hasText: 'For my list readers' }).waitFor();
});

test('French UI when the browser asks for French', async () => {
  const eve = server.createUser(`eve${Date.now() % 10000}`);
  const page = await newPage({ locale: 'fr-FR' });
  await signIn(page, eve, { signInLabel: 'Se connecter', homeLabel: 'Accueil' });
  await page.getByRole('link', { name: 'Paramètres' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  await page.getByLabel('Qu’avez-vous en tête ?').waitFor();
  await screenshot(page, 'home-fr-1280');
  // changeable: switch to English in the settings
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
});

test('responsive: no horizontal scroll at 390 px; screenshots; first timeline time', async () => {
  const frank = server.createUser(`frank${Date.now() % 10000}`);
  const token = await passwordToken(frank.email, frank.password);
  for (let i = 0; i < 5; i++) {
    await api('POST', '/api/v1/statuses', token, {
      status: `Post ${i} with a long unbroken word Pneumonoultramicroscopicsilicovolcanoconiosis and https://example.com/${'x'.repeat(80)} #parloir`,
    });
  }
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, frank);
  await page.locator('article.status').first().waitFor();
  // a fresh navigation: time until the first status is rendered
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__parloirFirstTimeline !== undefined);
  const first = await page.evaluate(() => window.__parloirFirstTimeline);
  console.log(`first timeline rendered ${first.toFixed(0)} ms after navigation (loopback, ${process.env.PARLOIR_BIN || 'build/dev/parloir'})`);
  assert.ok(first > 0);
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width} > 390`);
  await screenshot(page, 'home-390');
  await page.getByRole('link', { name: 'Federated' }).waitFor();  // federation is on here
  const me = await api('GET', '/api/v1/accounts/verify_credentials', token);
  for (const path of [`/accounts/${me.id}`, '/settings', '/search?q=Post', '/notifications', `/statuses/${(await api('GET', `/api/v1/accounts/${me.id}/statuses`, token))[0].id}`]) {
    await page.goto(`${base}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForTimeout(200);
    const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(w <= 390, `${path}: scrollWidth ${w} > 390`);
  }
  await screenshot(page, 'thread-390');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Theme').selectOption('dark');
  await page.goto(`${base}/`);
  await page.locator('article.status').first().waitFor();
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 390);
  await screenshot(page, 'home-390-dark');
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'home-1280-dark');
  await page.getByLabel('Theme', { exact: true }).count();
  await page.evaluate(() => localStorage.setItem('parloir.theme', 'light'));
  await page.reload();
  await page.locator('article.status').first().waitFor();
  await screenshot(page, 'home-1280');
});
