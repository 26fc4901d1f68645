#!/usr/bin/env node
// Web app load benchmark: the initial JS + CSS bytes (gzipped) of web/dist and the time from
// navigation to the first rendered status ("first timeline", the app's performance mark) in
// headless Chromium on loopback, median of N fresh navigations of a signed-in home timeline with
// 20 posts. Uses $PARLOIR_BIN (default build/release/parloir) serving web/dist (PARLOIR_WEB_ROOT).
//
//   node bench/web.mjs [--runs N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../tests/js/lib/server.js';
import { launch, webDist } from '../tests/web/lib/browser.js';

process.env.PARLOIR_BIN ||= 'build/release/parloir';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;

const html = readFileSync(join(webDist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let raw = 0;
let gz = 0;
for (const a of assets) {
  const b = readFileSync(join(webDist, a));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}

const server = await startServer({ env: { PARLOIR_WEB_ROOT: webDist } });
let browser;
try {
  const app = await (await fetch(`${server.baseUrl}/api/v1/apps`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_name: 'bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' }),
  })).json();
  const user = server.createUser('webbench');
  const { access_token: token } = await (await fetch(`${server.baseUrl}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret,
      username: user.email, password: user.password, scope: 'read write' }),
  })).json();
  for (let i = 0; i < 20; i++) {
    await fetch(`${server.baseUrl}/api/v1/statuses`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: `Bench post ${i} #parloir https://example.com/${i}` }),
    });
  }
  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript((t) => localStorage.setItem('parloir.token', t), token);
  const page = await ctx.newPage();
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    await page.goto(`${server.baseUrl}/`);
    await page.waitForFunction(() => window.__parloirFirstTimeline !== undefined, null, { timeout: 20000 });
    const ms = await page.evaluate(() => window.__parloirFirstTimeline);
    if (i > 0) times.push(ms);  // the first navigation warms the browser's cache; later ones revalidate (304)
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  console.log(`initial load: ${assets.length} files, ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped (budget 150 KB)`);
  console.log(`first timeline rendered after navigation: median ${med.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms over ${runs} navigations (target ≤ 1000 ms)`);
  await ctx.close();
} finally {
  await browser?.close();
  await server.stop();
}
