// End-to-end tests of the moderation and messaging screens of the web app (web/dist served by a
// real `parloir serve`, headless Chromium): the admin federation domain lists (blocks and allows:
// add, edit, remove with confirmation, the server's refusals shown), the instance rules (admin
// page; managed when the server has /api/v1/admin/rules), the Report dialog on a status and on a
// profile (POST /api/v1/reports), live direct messages (streaming `conversation` event, unread
// mark, marked read when opened), sign-up from /invite/CODE, and the settings links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { screenshot } from './lib/browser.js';
import { webHarness } from './lib/harness.js';

let server;
let base;
let browser;
let app;
let adminToken;
const h = webHarness();
const { call, api, passwordToken, newPage, signIn, streamReady } = h;

async function noHorizontalScroll(page, what) {
  const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(w <= 390, `${what}: scrollWidth ${w} > 390`);
}

// Answers the next window.confirm() with `accept` and returns its message.
function nextConfirm(page, accept) {
  return new Promise((resolve) => {
    page.once('dialog', async (d) => { const m = d.message(); if (accept) await d.accept(); else await d.dismiss(); resolve(m); });
  });
}

const lookup = async (username) => (await api('GET', `/api/v1/accounts/lookup?acct=${username}`)).id;

before(async () => {
  ({ server, adminToken } = await h.start({ clientName: 'web moderation tests', env: { PARLOIR_INSTANCE_TITLE: 'Parloir Mod', PARLOIR_INSTANCE_REGISTRATIONS: 'invite' } }));
  ({ base, app, browser } = h);
});

after(() => h.stop());

test('admin domains page: federation mode, blocks and allows added, edited and removed with confirmation', async () => {
  const page = await newPage();
  await signIn(page, server.admin);
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Domains' }).click();
  await page.getByRole('heading', { name: 'Federation', level: 2 }).waitFor();
  // the mode, from /api/v2/instance's `parloir` key when the server has it, else the WebFinger guess
  const inst = await api('GET', '/api/v2/instance');
  const expected = inst.parloir?.federation_mode || 'open';
  await page.locator(`[data-testid=federation-mode] [data-mode="${expected}"]`).waitFor();
  await page.getByText('No server is blocked.').waitFor();

  // add a block: confirmed first; the list and the server agree
  const form = page.getByRole('form', { name: 'Block a server' });
  await form.getByLabel('Server domain to block').fill('Spam.Example');
  await form.getByLabel('Public comment').fill('Sends spam');
  let confirmed = nextConfirm(page, true);
  await form.getByRole('button', { name: 'Block server' }).click();
  assert.match(await confirmed, /Block Spam\.Example\?/);
  const row = page.locator('li[data-domain="spam.example"]');
  await row.waitFor();
  await page.getByRole('status').filter({ hasText: 'spam.example blocked.' }).waitFor();
  let blocks = await api('GET', '/api/v1/admin/domain_blocks', adminToken);
  assert.deepEqual(blocks.map((b) => [b.domain, b.severity]), [['spam.example', 'suspend']]);

  // a severity the server cannot carry out: its refusal is shown and nothing is added
  await form.getByLabel('Server domain to block').fill('other.example');
  await form.getByLabel('Severity').selectOption('silence');
  confirmed = nextConfirm(page, true);
  await form.getByRole('button', { name: 'Block server' }).click();
  await confirmed;
  await form.getByRole('alert').filter({ hasText: /Severity|Validation/ }).waitFor();
  assert.equal((await api('GET', '/api/v1/admin/domain_blocks', adminToken)).length, 1);

  // edit: PUT /api/v1/admin/domain_blocks/:id after the confirmation
  await row.getByRole('button', { name: /^Edit/ }).click();
  const editForm = page.getByRole('form', { name: 'Edit the block of spam.example' });
  await editForm.getByLabel('Severity').selectOption('suspend');
  confirmed = nextConfirm(page, true);
  const put = page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/admin\/domain_blocks\/\d+$/.test(r.url()));
  await editForm.getByRole('button', { name: 'Save' }).click();
  assert.match(await confirmed, /Change the block of spam\.example/);
  assert.equal((await put).status(), 200);
  await editForm.waitFor({ state: 'detached' });

  // remove: cancelling the confirmation keeps it; accepting removes it
  confirmed = nextConfirm(page, false);
  await row.getByRole('button', { name: /^Unblock/ }).click();
  await confirmed;
  await page.waitForTimeout(300);
  assert.equal((await api('GET', '/api/v1/admin/domain_blocks', adminToken)).length, 1);
  confirmed = nextConfirm(page, true);
  await row.getByRole('button', { name: /^Unblock/ }).click();
  await confirmed;
  await row.waitFor({ state: 'detached' });
  blocks = await api('GET', '/api/v1/admin/domain_blocks', adminToken);
  assert.deepEqual(blocks, []);

  // allows: add, a bad domain refused with the server's message, remove with confirmation
  await page.getByLabel('Server domain to allow').fill('school-b.example:8443');
  await page.getByRole('button', { name: 'Allow server' }).click();
  const allowRow = page.locator('li[data-domain="school-b.example:8443"]');
  await allowRow.waitFor();
  assert.deepEqual((await api('GET', '/api/v1/admin/domain_allows', adminToken)).map((a) => a.domain), ['school-b.example:8443']);
  await page.getByLabel('Server domain to allow').fill('x.example:port');
  await page.getByRole('button', { name: 'Allow server' }).click();
  await page.locator('section[aria-labelledby=allows-h] [role=alert]').waitFor();
  await screenshot(page, 'admin-domains-1280');
  confirmed = nextConfirm(page, true);
  await allowRow.getByRole('button', { name: /^Remove/ }).click();
  assert.match(await confirmed, /school-b\.example:8443/);
  await allowRow.waitFor({ state: 'detached' });
  assert.deepEqual(await api('GET', '/api/v1/admin/domain_allows', adminToken), []);

  // the audit log has the changes made here
  const audit = await api('GET', '/api/v1/admin/audit_log?limit=100', adminToken);
  const actions = audit.map((e) => e.action);
  for (const a of ['create_domain_block', 'destroy_domain_block', 'create_domain_allow', 'destroy_domain_allow']) {
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await noHorizontalScroll(page, '/admin/domains');
  await screenshot(page, 'admin-domains-390');
});

test('a moderator (no manage_federation) gets no Domains tab; the instance page lists the rules', async () => {
  const username = `mod${Date.now() % 100000}`;
  const mod = { username, email: `${username}@example.com`, password: 'moderator password 1' };
  server.cli('admin', 'account', 'create', '--username', username, '--email', mod.email, '--password', mod.password, '--role', 'moderator');
  const page = await newPage();
  await signIn(page, mod);
  await page.getByRole('link', { name: 'Administration' }).click();
  const tabs = page.getByRole('navigation', { name: 'Administration' });
  await tabs.getByRole('link', { name: 'Reports' }).waitFor();
  assert.equal(await tabs.getByRole('link', { name: 'Domains' }).count(), 0);
  await tabs.getByRole('link', { name: 'Instance' }).click();
  await page.getByRole('heading', { name: 'Server rules', level: 2 }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('button', { name: 'Add rule' }).count(), 0, 'a moderator cannot manage rules');
  assert.equal(await page.locator('main [role=alert]').count(), 0, await page.locator('main').innerText());
});

test('report dialog on a status (with a rule when the server has rules) and on a profile', async () => {
  // An owner manages rules when the server has the admin rules API; otherwise there are none.
  let rule = null;
  const probe = await call('GET', '/api/v1/admin/rules', adminToken);
  const adminPage = await newPage();
  await signIn(adminPage, server.admin);
  await adminPage.goto(`${base}/admin/instance`);
  await adminPage.getByRole('heading', { name: 'Server rules', level: 2 }).waitFor();
  await adminPage.waitForTimeout(300);
  if (probe.status === 200) {
    const text = `No spam ${Date.now() % 10000}`;
    const form = adminPage.getByRole('form', { name: 'Add rule' });
    await form.getByLabel('Rule').fill(text);
    await form.getByLabel('Explanation (optional)').fill('Unsolicited advertising');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await adminPage.locator('ol.rules li', { hasText: text }).waitFor();
    rule = (await api('GET', '/api/v1/instance/rules')).find((r) => r.text === text);
    assert.ok(rule, 'the rule added in the app is public');
  } else {
    assert.ok([403, 404].includes(probe.status), `GET /api/v1/admin/rules: ${probe.status}`);
    assert.equal(await adminPage.getByRole('button', { name: 'Add rule' }).count(), 0, 'no controls without the admin API');
  }
  const rules = await api('GET', '/api/v1/instance/rules');

  const ivy = server.createUser(`ivy${Date.now() % 10000}`);
  const jon = server.createUser(`jon${Date.now() % 10000}`);
  const jonToken = await passwordToken(jon.email, jon.password);
  const st = await api('POST', '/api/v1/statuses', jonToken, { status: `Buy cheap watches ${Date.now()}` });
  const jonId = await lookup(jon.username);
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, ivy);
  await page.goto(`${base}/statuses/${st.id}`);
  const card = page.locator(`article.status[data-id="${st.id}"]`);
  await card.getByRole('button', { name: 'Report' }).click();
  const dialog = page.getByRole('dialog', { name: `Report @${jon.username}` });
  await dialog.waitFor();
  await noHorizontalScroll(page, 'report dialog');
  const violation = dialog.getByLabel('It breaks the server rules');
  assert.equal(await violation.count(), rules.length ? 1 : 0, 'the rule category is offered exactly when there are rules');
  if (rules.length) {
    await violation.check();
    const send = dialog.getByRole('button', { name: 'Send report' });
    assert.ok(await send.isDisabled(), 'a violation needs a rule');
    await dialog.getByLabel(rules[0].text).check();
  } else {
    await dialog.getByLabel('It is spam').check();
  }
  assert.ok(await dialog.getByLabel('Include this post').isChecked());
  await dialog.getByLabel('Additional comments').fill('Advertising in my timeline');
  await screenshot(page, 'report-dialog-390');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/reports'));
  await dialog.getByRole('button', { name: 'Send report' }).click();
  const resp = await posted;
  assert.equal(resp.status(), 200);
  const report = await resp.json();
  assert.equal(report.category, rules.length ? 'violation' : 'spam');
  assert.deepEqual(report.status_ids, [st.id]);
  assert.equal(report.comment, 'Advertising in my timeline');
  assert.equal(report.target_account.id, jonId);
  if (rules.length) assert.deepEqual(report.rule_ids, [rules[0].id]);
  await dialog.getByText('Thank you: your report was sent to the moderators.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });

  // the moderators see it
  const open = await api('GET', '/api/v1/admin/reports', adminToken);
  assert.ok(open.some((r) => r.id === report.id && r.comment === 'Advertising in my timeline'));

  // from the profile: Escape closes the dialog; then an "other" report without a post
  await page.goto(`${base}/accounts/${jonId}`);
  await page.getByRole('heading', { name: jon.username, level: 1 }).waitFor();
  const profileReport = page.locator('.profile').getByRole('button', { name: 'Report' });
  await profileReport.click();
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Include this post').count(), 0);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await profileReport.evaluate((el) => el === document.activeElement), 'focus is back on the Report button');
  await profileReport.click();
  await dialog.getByLabel('Something else').check();
  const posted2 = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/reports'));
  await dialog.getByRole('button', { name: 'Send report' }).click();
  const report2 = await (await posted2).json();
  assert.equal(report2.category, 'other');
  assert.deepEqual(report2.status_ids, []);
  await dialog.getByRole('status').waitFor();

  // the sign-up screen lists the rules (when there are some) above the agreement
  const signup = await newPage();
  await signup.goto(`${base}/signup?invite=whatever`);
  await signup.getByLabel('I agree to the server rules').waitFor();
  await signup.waitForTimeout(300);
  if (rules.length) await signup.locator('ol.rules li', { hasText: rules[0].text }).waitFor();
  else assert.equal(await signup.getByRole('heading', { name: 'Server rules' }).count(), 0);
});

test('direct messages: a new conversation arrives live, marked unread, and is marked read when opened', async () => {
  const kim = server.createUser(`kim${Date.now() % 10000}`);
  const lou = server.createUser(`lou${Date.now() % 10000}`);
  const louToken = await passwordToken(lou.email, lou.password);
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, kim);
  await page.getByRole('link', { name: 'Direct messages' }).click();
  await page.getByText('No conversations.').waitFor();
  await streamReady(page);

  const text = `Psst ${Date.now()}`;
  const dm = await api('POST', '/api/v1/statuses', louToken, { status: `@${kim.username} ${text}`, visibility: 'direct' });
  const conv = page.locator('li.conversation', { hasText: text });
  await conv.waitFor();  // live, no reload
  assert.equal(await conv.getAttribute('data-unread'), 'true');
  await conv.getByText('Unread').waitFor();
  await page.getByTestId('dm-unread').filter({ hasText: '1 unread conversation' }).waitFor();
  await noHorizontalScroll(page, '/direct');
  await screenshot(page, 'direct-390');

  // a second message in another conversation goes to the top, live
  const moe = server.createUser(`moe${Date.now() % 10000}`);
  const moeToken = await passwordToken(moe.email, moe.password);
  const text2 = `Second ${Date.now()}`;
  await api('POST', '/api/v1/statuses', moeToken, { status: `@${kim.username} ${text2}`, visibility: 'direct' });
  await page.locator('li.conversation').first().filter({ hasText: text2 }).waitFor();
  await page.getByTestId('dm-unread').filter({ hasText: '2 unread conversations' }).waitFor();

  // opening marks it read on the server and shows the thread
  const convId = await conv.getAttribute('data-conversation');
  const read = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/conversations/${convId}/read`));
  await conv.getByRole('button', { name: /Open conversation/ }).click();
  assert.equal((await read).status(), 200);
  await page.waitForURL(new RegExp(`/statuses/${dm.id}$`));
  const kimToken = await page.evaluate(() => localStorage.getItem('parloir.token'));
  const list = await api('GET', '/api/v1/conversations', kimToken);
  assert.equal(list.find((c) => c.id === convId).unread, false);
  assert.equal(list.find((c) => c.id !== convId).unread, true);
  await page.goBack();
  await page.locator(`li.conversation[data-conversation="${convId}"][data-unread="false"]`).waitFor();
});

test('invite links: /invite/CODE in the app shows sign-up with the code; settings link to the server pages', async () => {
  const invite = await api('POST', '/api/v1/admin/invites', adminToken, { max_uses: 1 });
  const page = await newPage();
  await page.goto(`${base}/signup`);
  await page.getByText('Sign-up needs an invite link on this server.').waitFor();  // invite-only server
  // as if the app itself were given /invite/CODE (the server normally answers that path)
  await page.evaluate((code) => { history.pushState(null, '', `/invite/${code}`); window.dispatchEvent(new Event('parloir:navigate')); }, invite.code);
  await page.getByText('You were invited to join Parloir Mod.').waitFor();
  await page.waitForFunction((code) => location.pathname + location.search === `/signup?invite=${code}`, invite.code);
  const username = `inv${Date.now() % 100000}`;
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('invited password 1');
  await page.getByLabel('I agree to the server rules').check();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();

  // the server's /invite/CODE (its own page, or a redirect to the app's /signup?invite=CODE) keeps the code
  const other = await api('POST', '/api/v1/admin/invites', adminToken, { max_uses: 1 });
  const p2 = await newPage();
  await p2.goto(`${base}/invite/${other.code}`);
  const html = await p2.content();
  assert.ok(p2.url().includes(`invite=${other.code}`) || html.includes(other.code), `${p2.url()} keeps the invite code`);

  // settings: password and authorised apps are the server's pages, opened in the same tab
  await page.getByRole('link', { name: 'Settings' }).click();
  const pw = page.getByRole('link', { name: 'Change password' });
  assert.equal(await pw.getAttribute('href'), '/auth/edit');
  assert.equal(await pw.getAttribute('target'), null);
  const apps = page.getByRole('link', { name: 'Manage authorised apps' });
  assert.equal(await apps.getAttribute('href'), '/oauth/authorized_applications');
  assert.equal(await apps.getAttribute('target'), null);

  // local only by default: the user's own choice wins over the server's default
  const inst = await api('GET', '/api/v2/instance');
  await page.getByLabel('Local only by default').selectOption('true');
  await page.getByRole('link', { name: 'Home' }).click();
  assert.ok(await page.locator('form.compose').getByLabel('Local only').isChecked());
  await page.getByLabel('What is on your mind?').fill('Local by my default');
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/statuses'));
  await page.getByRole('button', { name: 'Publish' }).click();
  const st = await (await posted).json();
  assert.equal(st.local_only, true, JSON.stringify(st));
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Local only by default').selectOption('');
  await page.getByRole('link', { name: 'Home' }).click();
  assert.equal(await page.locator('form.compose').getByLabel('Local only').isChecked(), !!inst.parloir?.local_only_default);
});
