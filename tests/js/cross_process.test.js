// Events across processes: what the admin CLI (another process) does reaches the running
// server's streams through the event outbox (services/event_relay.h) — an announcement created,
// published and deleted with `parloir admin announcement …` arrives on a masto.js user stream
// within a couple of seconds, and a suspension from the CLI makes the server refuse the token at
// once (even one it had just cached) and closes the account's stream.
// Run: cd tests/js && PARLOIR_BIN=../../build/dev/parloir node --test cross_process.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createStreamingAPIClient } from 'masto';
import { startServer } from './lib/server.js';
import { newUser as newUserOn, registerApp } from './lib/users.js';

if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;

const SCOPES = 'read write follow push';
const TIMEOUT = { timeout: 120_000 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
let app;
let streamingUrl;

before(async () => {
  server = await startServer();
  app = await registerApp(server, 'parloir cross-process js', SCOPES);
  const instance = await (await fetch(`${server.baseUrl}/api/v2/instance`)).json();
  streamingUrl = instance.configuration.urls.streaming;
});

after(async () => {
  if (server) await server.stop();
});

function collect(subscription) {
  const events = [];
  (async () => {
    try {
      for await (const e of subscription) events.push({ ...e, at: Date.now() });
    } catch {
      // closed
    }
  })();
  return {
    events,
    async waitFor(pred, what, ms = 5000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const hit = events.find(pred);
        if (hit) return hit;
        await sleep(20);
      }
      throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => e.event))}`);
    },
  };
}

test('announcements made with the admin CLI are streamed by the running server', TIMEOUT, async (t) => {
  const ann = await newUserOn(server, app, 'ann', SCOPES);
  const masto = createStreamingAPIClient({ streamingApiUrl: streamingUrl, accessToken: ann.token });
  // Closed even when an assertion fails: masto.js reconnects forever and the file would never exit.
  t.after(() => masto.close());
  const user = collect(masto.user.subscribe());
  // Live once a warm-up status of the user's own arrives on it.
  let live = false;
  for (let i = 0; i < 50 && !live; i++) {
    const r = await fetch(`${server.baseUrl}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ann.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: `warm-up ${i}` }),
    });
    const { id } = await r.json();
    live = await user.waitFor((x) => x.event === 'update' && x.payload.id === id, 'warm-up', 300).then(() => true, () => false);
  }
  assert.ok(live, 'the user stream never went live');

  const text = `maintenance tonight ${Math.random().toString(16).slice(2, 8)}`;
  const out = server.cli('admin', 'announcement', 'create', '--text', text);
  const createdAt = Date.now();
  const id = out.match(/\d{6,}/)[0];
  const e = await user.waitFor((x) => x.event === 'announcement' && x.payload.id === id, 'announcement');
  assert.match(e.payload.content, /maintenance tonight/);
  assert.ok(e.at - createdAt <= 2500, `arrived ${e.at - createdAt} ms after the CLI returned`);

  server.cli('admin', 'announcement', 'delete', id);
  const deletedAt = Date.now();
  // masto.js JSON-parses this payload (a bare id), so an id above 2^53 arrives as a rounded
  // Number: compare it the same way.
  const d = await user.waitFor(
    (x) => x.event === 'announcement.delete' && (String(x.payload) === id || x.payload === Number(id)),
    'announcement.delete');
  assert.ok(d.at - deletedAt <= 2500, `arrived ${d.at - deletedAt} ms after the CLI returned`);
});

test('a suspension from the admin CLI refuses the token at once and closes the stream', TIMEOUT, async () => {
  const sus = await newUserOn(server, app, 'sus', SCOPES);
  const auth = { headers: { Authorization: `Bearer ${sus.token}` } };
  const url = `${streamingUrl}/api/v1/streaming?stream=user&access_token=${sus.token}`;
  const ws = new WebSocket(url);
  const closed = new Promise((r) => ws.on('close', (code) => r({ code, at: Date.now() })));
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  // The server has just authenticated (and cached) the token.
  assert.equal((await fetch(`${server.baseUrl}/api/v1/accounts/verify_credentials`, auth)).status, 200);

  server.cli('admin', 'account', 'suspend', sus.username);
  const doneAt = Date.now();
  let refusedAt = null;
  while (Date.now() - doneAt < 5000) {
    const r = await fetch(`${server.baseUrl}/api/v1/accounts/verify_credentials`, auth);
    if (r.status === 401) {
      refusedAt = Date.now();
      break;
    }
    await sleep(50);
  }
  assert.ok(refusedAt, 'the token still works 5 s after the suspension');
  assert.ok(refusedAt - doneAt <= 2000, `refused ${refusedAt - doneAt} ms after the CLI returned`);
  const c = await Promise.race([closed, sleep(3000).then(() => null)]);
  assert.ok(c, 'the stream was not closed');
  assert.ok(c.at - doneAt <= 1500, `closed ${c.at - doneAt} ms after the CLI returned`);
});
