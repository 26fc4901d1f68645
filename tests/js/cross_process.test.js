// Events across processes: what the admin CLI (another process) does reaches the running
// server's streams through the event outbox (services/event_relay.h) — an announcement created,
// published and deleted with `parloir admin announcement …` arrives on a masto.js user stream
// within a couple of seconds, and a suspension from the CLI makes the server refuse the token at
// once (even one it had just cached) and closes the account's stream.
// Run: cd tests/js && PARLOIR_BIN=../../build/dev/parloir node --test cross_process.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createStreamingAPIClient } from 'masto';
import { TIMEOUT, serverPerFile, sleep } from './lib/suite.js';

if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;

const suite = serverPerFile('parloir cross-process js');

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
  const ann = await suite.newUser('ann');
  const masto = createStreamingAPIClient({ streamingApiUrl: suite.streamingUrl, accessToken: ann.token });
  // Closed even when an assertion fails: masto.js reconnects forever and the file would never exit.
  t.after(() => masto.close());
  const user = collect(masto.user.subscribe());
  // Live once a warm-up status of the user's own arrives on it.
  let live = false;
  for (let i = 0; i < 50 && !live; i++) {
    const r = await fetch(`${suite.server.baseUrl}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ann.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: `warm-up ${i}` }),
    });
    const { id } = await r.json();
    live = await user.waitFor((x) => x.event === 'update' && x.payload.id === id, 'warm-up', 300).then(() => true, () => false);
  }
  assert.ok(live, 'the user stream never went live');

  const text = `maintenance tonight ${Math.random().toString(16).slice(2, 8)}`;
  const out = suite.server.cli('admin', 'announcement', 'create', '--text', text);
  const createdAt = Date.now();
  const id = out.match(/\d{6,}/)[0];
  const e = await user.waitFor((x) => x.event === 'announcement' && x.payload.id === id, 'announcement');
  assert.match(e.payload.content, /maintenance tonight/);
  assert.ok(e.at - createdAt <= 2500, `arrived ${e.at - createdAt} ms after the CLI returned`);

  suite.server.cli('admin', 'announcement', 'delete', id);
  const deletedAt = Date.now();
  // masto.js JSON-parses this payload (a bare id), so an id above 2^53 arrives as a rounded
  // Number: compare it the same way.
  const d = await user.waitFor(
    (x) => x.event === 'announcement.delete' && (String(x.payload) === id || x.payload === Number(id)),
    'announcement.delete');
  assert.ok(d.at - deletedAt <= 2500, `arrived ${d.at - deletedAt} ms after the CLI returned`);
});

test('a suspension from the admin CLI refuses the token at once and closes the stream', TIMEOUT, async () => {
  const sus = await suite.newUser('sus');
  const auth = { headers: { Authorization: `Bearer ${sus.token}` } };
  const url = `${suite.streamingUrl}/api/v1/streaming?stream=user&access_token=${sus.token}`;
  const ws = new WebSocket(url);
  const closed = new Promise((r) => ws.on('close', (code) => r({ code, at: Date.now() })));
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  // The server has just authenticated (and cached) the token.
  assert.equal((await fetch(`${suite.server.baseUrl}/api/v1/accounts/verify_credentials`, auth)).status, 200);

  suite.server.cli('admin', 'account', 'suspend', sus.username);
  const doneAt = Date.now();
  let refusedAt = null;
  while (Date.now() - doneAt < 5000) {
    const r = await fetch(`${suite.server.baseUrl}/api/v1/accounts/verify_credentials`, auth);
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
