// End-to-end tests of the instance settings form and the unread-DM badge (web/dist served by a
// real `parloir serve`, headless Chromium): an admin changes the server name and the registration
// mode on the admin Instance page and a visitor's sign-in page shows them; the server's refusal
// (an unknown language code) is shown and nothing is saved; the default language reaches
// visitors whose browser asks for neither English nor French; a moderator sees the form
// read-only; a direct message makes the navigation's badge appear live, and opening the
// conversation clears it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from './lib/browser.js';
import { webHarness } from './lib/harness.js';

let server;
let base;
let browser;
let app;
let adminToken;
const h = webHarness();
const { api, passwordToken, newPage, signIn } = h;

async function openInstancePage(page) {
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Instance' }).click();
  await page.getByRole('heading', { name: 'Server settings', level: 2 }).waitFor();
}

before(async () => {
  ({ server, adminToken } = await h.start({ clientName: 'web settings tests', env: { PARLOIR_INSTANCE_TITLE: 'Parloir Settings' } }));
  ({ base, app, browser } = h);
});

after(() => h.stop());

test('an admin renames the server and closes registrations; the sign-in page shows both', async () => {
  // Before: a visitor sees the configured name and can create an account.
  const visitor = await newPage();
  await visitor.goto(`${base}/`);
  await visitor.getByRole('heading', { name: 'Parloir Settings', level: 1 }).waitFor();
  await visitor.getByRole('link', { name: 'Create account' }).waitFor();

  const page = await newPage();
  await signIn(page, server.admin);
  await openInstancePage(page);
  const form = page.getByTestId('instance-settings');
  assert.equal(await form.getByLabel('Server name').inputValue(), 'Parloir Settings');
  assert.equal(await form.getByLabel('Registrations').inputValue(), 'open');

  // A refusal from the server is shown; nothing is saved.
  await form.getByLabel('Server name').fill('Should not stick');
  await form.getByLabel('Default language (code, e.g. en, fr)').fill('zz');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await form.getByRole('alert').filter({ hasText: 'not a known language code' }).waitFor();
  let s = await api('GET', '/api/v1/admin/settings', adminToken);
  assert.equal(s.title, 'Parloir Settings');
  assert.equal(s.default_language, 'en');

  // A valid change: saved, confirmed, and the app's own title follows.
  await form.getByLabel('Server name').fill('Le Salon');
  await form.getByLabel('Default language (code, e.g. en, fr)').fill('en');
  await form.getByLabel('Registrations').selectOption('closed');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await form.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
  assert.equal(await form.getByRole('alert').count(), 0);
  s = await api('GET', '/api/v1/admin/settings', adminToken);
  assert.equal(s.title, 'Le Salon');
  assert.equal(s.registrations, 'closed');
  await page.waitForFunction(() => document.title.includes('Le Salon'));
  await screenshot(page, 'admin-settings');
  const audit = await api('GET', '/api/v1/admin/audit_log', adminToken);
  assert.ok(audit.some((e) => e.action === 'update_setting' && e.detail === 'title: Le Salon'), JSON.stringify(audit.slice(0, 5)));

  // The visitor reloads: new name, no sign-up link, the closed message.
  await visitor.reload();
  await visitor.getByRole('heading', { name: 'Le Salon', level: 1 }).waitFor();
  await visitor.getByText('Sign-up needs an invite link on this server.').waitFor();
  assert.equal(await visitor.getByRole('link', { name: 'Create account' }).count(), 0);
  // The server's own sign-in page (OAuth) names the server too.
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await visitor.waitForURL(/\/oauth\/authorize/);
  await visitor.getByRole('heading', { name: 'Sign in to Le Salon' }).waitFor();

  // Registrations open again for the other tests.
  await form.getByLabel('Registrations').selectOption('open');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await page.waitForFunction(async () => (await (await fetch('/api/v2/instance')).json()).registrations.enabled === true);
});

test('the default language setting reaches visitors whose browser asks for neither English nor French', async () => {
  const german = await newPage({ locale: 'de-DE' });
  await german.goto(`${base}/`);
  await german.getByRole('button', { name: 'Sign in' }).waitFor();  // instance default: en

  await api('PATCH', '/api/v1/admin/settings', adminToken, { default_language: 'fr' });
  await german.reload();
  await german.getByRole('button', { name: 'Se connecter' }).waitFor();
  assert.equal(await german.evaluate(() => document.documentElement.lang), 'fr');
  // A browser asking for English still gets English.
  const english = await newPage({ locale: 'en-GB' });
  await english.goto(`${base}/`);
  await english.getByRole('button', { name: 'Sign in' }).waitFor();

  // The admin form in French: labelled fields.
  const fr = await newPage({ locale: 'fr-FR' });
  await fr.goto(`${base}/`);
  await fr.getByRole('button', { name: 'Se connecter' }).click();
  await fr.waitForURL(/\/oauth\/authorize/);
  await fr.fill('#email', server.admin.email);
  await fr.fill('#password', server.admin.password);
  await fr.click('button[type=submit]');
  await fr.waitForURL(`${base}/`);
  await fr.getByRole('link', { name: 'Administration' }).click();
  await fr.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Instance' }).click();
  await fr.getByRole('heading', { name: 'Paramètres du serveur', level: 2 }).waitFor();
  assert.equal(await fr.getByLabel('Langue par défaut (code, par ex. en, fr)').inputValue(), 'fr');
  await fr.getByRole('button', { name: 'Enregistrer les paramètres' }).waitFor();
  await api('PATCH', '/api/v1/admin/settings', adminToken, { default_language: 'en' });
});

test('a moderator sees the settings read-only', async () => {
  const username = `mod${Date.now() % 100000}`;
  const mod = { username, email: `${username}@example.com`, password: 'moderator password 1' };
  server.cli('admin', 'account', 'create', '--username', username, '--email', mod.email, '--password', mod.password, '--role', 'moderator');
  const page = await newPage();
  await signIn(page, mod);
  await openInstancePage(page);
  const form = page.getByTestId('instance-settings');
  await form.getByText('Only administrators can change these settings.').waitFor();
  assert.equal(await form.getByLabel('Server name').isDisabled(), true);
  assert.equal(await form.getByLabel('Registrations').isDisabled(), true);
  assert.equal(await form.getByRole('button', { name: 'Save settings' }).count(), 0);
});

test('unread direct messages: the navigation badge appears live and clears when the conversation is read', async () => {
  const ann = server.createUser(`ann${Date.now() % 10000}`);
  const bob = server.createUser(`bob${Date.now() % 10000}`);
  const annToken = await passwordToken(ann.email, ann.password);
  const page = await newPage();
  await signIn(page, bob);
  await page.waitForFunction(() => document.documentElement.dataset.stream === 'open');
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('dm-badge').count(), 0);

  const text = `Hello Bob ${Date.now()}`;
  const first = await api('POST', '/api/v1/statuses', annToken, { status: `@${bob.username} ${text}`, visibility: 'direct' });
  const badge = page.getByTestId('dm-badge');
  await badge.filter({ hasText: '1' }).waitFor();  // live, on the home page, no reload
  assert.equal(await badge.getAttribute('aria-label'), '1 unread direct message');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: /Direct messages/ }).waitFor();

  // A reply in the same conversation keeps one unread conversation.
  await api('POST', '/api/v1/statuses', annToken, { status: `@${bob.username} again`, visibility: 'direct', in_reply_to_id: first.id });
  await page.waitForTimeout(500);
  assert.equal(await badge.innerText(), '1');

  // Opening it marks it read: the badge goes.
  await nav.getByRole('link', { name: /Direct messages/ }).click();
  const conv = page.locator('li.conversation').first();
  await conv.waitFor();
  await conv.getByRole('button', { name: /Open conversation/ }).click();
  await page.waitForURL(/\/statuses\//);
  await page.waitForFunction(() => !document.querySelector('[data-testid=dm-badge]'));
  const bobToken = await page.evaluate(() => localStorage.getItem('parloir.token'));
  const list = await api('GET', '/api/v1/conversations', bobToken);
  assert.equal(list[0].unread, false);
  // Reloading the app does not bring it back (the count comes from the server).
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.getByTestId('dm-badge').count(), 0);
});
