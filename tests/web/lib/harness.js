// What each browser test file needs around its server and browser: JSON API calls, password-grant
// tokens, pages in fresh contexts (closed by closeContexts), signing in through the app, and
// waiting for the page's stream. Either call start() in before() and stop() in after(), or set
// `base`, `app` (an OAuth app) and `browser` yourself.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../js/lib/server.js';
import { launch, webDist } from './browser.js';

export function webHarness() {
  const h = {
    base: null,
    app: null,
    browser: null,
    server: null,
    contexts: [],

    // Any answer: { status, json (null when not JSON), text }.
    async call(method, path, token, body) {
      const r = await fetch(`${h.base}${path}`, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      return { status: r.status, json, text };
    },

    // A 2xx answer's JSON (asserted).
    async api(method, path, token, body) {
      const r = await h.call(method, path, token, body);
      assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
      return r.json;
    },

    async passwordToken(email, password) {
      const r = await fetch(`${h.base}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: h.app.client_id, client_secret: h.app.client_secret,
          username: email, password, scope: 'read write follow admin:read admin:write' }),
      });
      const body = await r.json();
      assert.equal(r.status, 200, JSON.stringify(body));
      return body.access_token;
    },

    async newPage(opts = {}) {
      const ctx = await h.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, ...opts });
      h.contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(20000);
      page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
      return page;
    },

    // Signs in through the app: Welcome → server's /oauth/authorize form → /callback → Home.
    async signIn(page, user, { signInLabel = 'Sign in', homeLabel = 'Home' } = {}) {
      await page.goto(`${h.base}/`);
      await page.getByRole('button', { name: signInLabel }).click();
      await page.waitForURL(/\/oauth\/authorize/);
      await page.fill('#email', user.email);
      await page.fill('#password', user.password);
      await page.click('button[type=submit]');
      await page.waitForURL(`${h.base}/`);
      await page.getByRole('heading', { name: homeLabel, level: 1 }).waitFor();
    },

    // The page's streaming WebSocket is open (its subscriptions are sent on open), plus a margin
    // for the server to register them.
    async streamReady(page) {
      await page.waitForFunction(() => document.documentElement.dataset.stream === 'open');
      await page.waitForTimeout(300);
    },

    async closeContexts() {
      for (const c of h.contexts) await c.close().catch(() => {});
    },

    // Starts a server serving the built web app (`env` added to its environment), registers an
    // OAuth app named `clientName` and launches Chromium; sets base, app, browser and server and
    // returns { server, adminToken } (the generated admin's password-grant token).
    async start({ env = {}, clientName }) {
      assert.ok(existsSync(join(webDist, 'index.html')), `the web app is not built (${webDist}): run scripts/build-web`);
      h.server = await startServer({ env: { PARLOIR_WEB_ROOT: webDist, ...env } });
      h.base = h.server.baseUrl;
      h.app = await h.api('POST', '/api/v1/apps', null, { client_name: clientName,
        redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow admin:read admin:write' });
      const adminToken = await h.passwordToken(h.server.admin.email, h.server.admin.password);
      h.browser = await launch();
      return { server: h.server, adminToken };
    },

    // Closes the pages, the browser and the server start() opened.
    async stop() {
      await h.closeContexts();
      await h.browser?.close();
      await h.server?.stop();
    },
  };
  return h;
}
