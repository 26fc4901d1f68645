// With federation off (federation.mode = off) the app hides the federated timeline; with it on
// (the other test file's server) the link is there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../js/lib/server.js';
import { launch, webDist } from './lib/browser.js';

let server;
let browser;

before(async () => {
  server = await startServer({ env: { PARLOIR_WEB_ROOT: webDist, PARLOIR_FEDERATION_MODE: 'off' } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('federation off: no Federated link in the navigation', async () => {
  const base = server.baseUrl;
  const user = server.createUser(`fo${Date.now() % 100000}`);
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/oauth\/authorize/);
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Local' }).waitFor();
  await page.waitForTimeout(500);  // the federation probe has answered
  assert.equal(await page.getByRole('link', { name: 'Federated' }).count(), 0);
  await ctx.close();
});
