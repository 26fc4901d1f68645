// The streaming API through real clients: masto.js createStreamingAPIClient (one WebSocket,
// token as the sub-protocol, subscribe messages) on user, public:local, hashtag, list and direct
// streams — what must arrive arrives, what must not (a followers-only status of someone not
// followed, a muted account's post) does not; megalodon's streaming (token in the query);
// a revoked token's and a suspended account's streams close within a second.
// Run: cd tests/js && PARLOIR_BIN=../../build/dev/parloir node --test streaming.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import megalodon from 'megalodon';
import { createRestAPIClient, createStreamingAPIClient } from 'masto';
import { TIMEOUT, serverPerFile, sleep } from './lib/suite.js';

// why: masto 8 reads the global WebSocket (Node >= 22 has one; Node 20 only behind a flag).
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;

const generator = megalodon.default;

const suite = serverPerFile('parloir streaming js', {
  onStart: (s) => assert.equal(s.streamingUrl, `ws://127.0.0.1:${s.server.port}`),
});

const newUser = (prefix, scope) => suite.newUser(prefix, scope);

const rest = (u) => createRestAPIClient({ url: suite.server.baseUrl, accessToken: u.token });

// Consumes a masto subscription in the background; waitFor(pred) resolves with the first
// matching event (or rejects after `ms`).
function collect(subscription) {
  const events = [];
  const state = { error: null };
  (async () => {
    try {
      for await (const e of subscription) events.push(e);
    } catch (e) {
      state.error = e;
    }
  })();
  return {
    events,
    async waitFor(pred, what, ms = 15000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (state.error) throw state.error;
        const hit = events.find(pred);
        if (hit) return hit;
        await sleep(20);
      }
      throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => [e.event, e.payload?.id ?? e.payload]))}`);
    },
  };
}

const isUpdate = (id) => (e) => e.event === 'update' && e.payload.id === id;
const mentionsId = (id) => (e) => JSON.stringify(e.payload ?? null).includes(id);

test('masto.js streams: user, public:local, hashtag, list, direct get what they must and nothing else', TIMEOUT, async () => {
  const alice = await newUser('alice');
  const bob = await newUser('bob');
  const carol = await newUser('carol');
  const mallory = await newUser('mallory');
  const a = rest(alice);
  const b = rest(bob);
  await a.v1.accounts.$select(bob.id).follow();
  await a.v1.accounts.$select(mallory.id).follow();
  await rest(carol).v1.accounts.$select(alice.id).follow();  // carol's follower, not followed by alice
  await a.v1.accounts.$select(mallory.id).mute();
  const list = await a.v1.lists.create({ title: 'friends' });
  await a.v1.lists.$select(list.id).accounts.create({ accountIds: [bob.id] });

  const stream = createStreamingAPIClient({ streamingApiUrl: suite.streamingUrl, accessToken: alice.token, implementation: WebSocket });
  try {
    const user = collect(stream.user.subscribe());
    const local = collect(stream.public.local.subscribe());
    const tag = collect(stream.hashtag.subscribe({ tag: 'ParloirLive' }));
    const listed = collect(stream.list.subscribe({ list: list.id }));
    const direct = collect(stream.direct.subscribe());

    // Subscriptions are active once a first public post reaches the local stream.
    let warm;
    for (let i = 0; i < 50 && !warm; i++) {
      const s = await b.v1.statuses.create({ status: `warm-up ${i}` });
      try { warm = await local.waitFor(isUpdate(s.id), 'warm-up', 300); } catch { /* not yet subscribed */ }
    }
    assert.ok(warm, 'the public:local subscription never became active');

    // update on user (followed), public:local, hashtag (stream array carries the tag as sent), list.
    const post = await b.v1.statuses.create({ status: 'live from #parloirlive' });
    const u = await user.waitFor(isUpdate(post.id), 'update on user');
    assert.equal(u.payload.account.id, bob.id);
    assert.deepEqual(u.stream, ['user']);
    await local.waitFor(isUpdate(post.id), 'update on public:local');
    const t = await tag.waitFor(isUpdate(post.id), 'update on hashtag');
    assert.deepEqual(t.stream, ['hashtag', 'ParloirLive']);
    const l = await listed.waitFor(isUpdate(post.id), 'update on list');
    assert.deepEqual(l.stream, ['list', list.id]);

    // notification: a mention and a favourite of alice's post.
    const mine = await a.v1.statuses.create({ status: 'my own post' });
    await b.v1.statuses.$select(mine.id).favourite();
    const fav = await user.waitFor((e) => e.event === 'notification' && e.payload.type === 'favourite', 'favourite notification');
    assert.equal(fav.payload.account.id, bob.id);
    assert.equal(fav.payload.status.id, mine.id);
    const mention = await b.v1.statuses.create({ status: `@${alice.username} hi there` });
    const n = await user.waitFor((e) => e.event === 'notification' && e.payload.type === 'mention', 'mention notification');
    assert.equal(n.payload.status.id, mention.id);

    // status.update on edit, delete on deletion.
    await b.v1.statuses.$select(post.id).update({ status: 'live from #parloirlive (edited)' });
    const edited = await user.waitFor((e) => e.event === 'status.update' && e.payload.id === post.id, 'status.update');
    assert.match(edited.payload.content, /edited/);
    await local.waitFor((e) => e.event === 'status.update' && e.payload.id === post.id, 'status.update on public:local');
    await b.v1.statuses.$select(post.id).remove();
    await user.waitFor((e) => e.event === 'delete' && e.payload === post.id, 'delete on user');
    await local.waitFor((e) => e.event === 'delete' && e.payload === post.id, 'delete on public:local');
    await tag.waitFor((e) => e.event === 'delete' && e.payload === post.id, 'delete on hashtag');

    // direct: a conversation event for the DM.
    const dm = await b.v1.statuses.create({ status: `@${alice.username} a secret`, visibility: 'direct' });
    const c = await direct.waitFor((e) => e.event === 'conversation', 'conversation on direct');
    assert.equal(c.payload.lastStatus.id, dm.id);
    assert.ok(c.payload.accounts.some((x) => x.id === bob.id));

    // What alice must not see: carol's followers-only post (alice does not follow carol) and
    // posts of mallory, whom alice follows but muted.
    // bob listens too: he must get mallory's post, so alice's not getting it is the mute's doing.
    const { ws: bobWs } = await openSocket(bob.token, 'public:local');
    const bobGot = [];
    bobWs.on('message', (m) => bobGot.push(JSON.parse(m.toString())));
    await sleep(200);
    const hidden = await rest(carol).v1.statuses.create({ status: 'followers only #parloirlive', visibility: 'private' });
    const muted = await rest(mallory).v1.statuses.create({ status: 'muted one #parloirlive' });
    const sentinel = await b.v1.statuses.create({ status: 'sentinel #parloirlive' });
    await user.waitFor(isUpdate(sentinel.id), 'sentinel on user');
    await local.waitFor(isUpdate(sentinel.id), 'sentinel on public:local');
    await tag.waitFor(isUpdate(sentinel.id), 'sentinel on hashtag');
    for (const [name, s] of [['user', user], ['public:local', local], ['hashtag', tag], ['list', listed], ['direct', direct]]) {
      assert.ok(!s.events.some(mentionsId(hidden.id)), `${name} leaked carol's followers-only status`);
      assert.ok(!s.events.some(mentionsId(muted.id)), `${name} delivered a muted account's status`);
    }
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !bobGot.some((m) => m.event === 'update' && JSON.parse(m.payload).id === muted.id)) await sleep(20);
    assert.ok(bobGot.some((m) => m.event === 'update' && JSON.parse(m.payload).id === muted.id), 'bob got mallory\'s post');
    assert.ok(!bobGot.some((m) => m.payload && m.payload.includes(hidden.id)), 'followers-only status on public:local');
    bobWs.close();
  } finally {
    stream.close();
  }
});

test('megalodon userStreaming (token in the query) receives update and notification', TIMEOUT, async () => {
  const dana = await newUser('dana');
  const erin = await newUser('erin');
  await rest(dana).v1.accounts.$select(erin.id).follow();
  const client = generator('mastodon', suite.server.baseUrl, dana.token);
  const ws = await client.userStreaming();
  const got = { updates: [], notifications: [] };
  ws.on('update', (s) => got.updates.push(s));
  ws.on('notification', (n) => got.notifications.push(n));
  try {
    await new Promise((resolve, reject) => {
      ws.on('connect', resolve);
      ws.on('error', reject);
      setTimeout(() => reject(new Error('megalodon did not connect')), 10000);
    });
    await sleep(300);
    const post = await rest(erin).v1.statuses.create({ status: 'for my followers' });
    await rest(erin).v1.accounts.$select(dana.id).follow();
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !(got.updates.some((s) => s.id === post.id) && got.notifications.length > 0)) await sleep(20);
    assert.ok(got.updates.some((s) => s.id === post.id), 'update received');
    const follow = got.notifications.find((n) => n.type === 'follow');
    assert.ok(follow, 'follow notification received');
    assert.equal(follow.account.id, erin.id);
  } finally {
    ws.stop();
  }
});

// A raw WebSocket (ws) on /api/v1/streaming; resolves once open.
async function openSocket(token, stream = 'user', via = 'query') {
  const url = `${suite.streamingUrl}/api/v1/streaming?stream=${stream}` + (via === 'query' ? `&access_token=${token}` : '');
  const ws = via === 'protocol' ? new WebSocket(url, [token]) : new WebSocket(url);
  const closed = new Promise((r) => ws.on('close', (code) => r({ code, at: Date.now() })));
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
    ws.on('unexpected-response', (req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, closed };
}

test('a revoked token\'s stream closes within a second', TIMEOUT, async () => {
  const frank = await newUser('frank');
  const { ws, closed } = await openSocket(frank.token, 'user', 'protocol');
  assert.equal(ws.protocol, frank.token, 'the offered sub-protocol is echoed');
  const r = await fetch(`${suite.server.baseUrl}/oauth/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: suite.app.client_id, client_secret: suite.app.client_secret, token: frank.token }),
  });
  const revokedAt = Date.now();
  assert.equal(r.status, 200);
  const c = await Promise.race([closed, sleep(3000).then(() => null)]);
  assert.ok(c, 'the stream was not closed');
  assert.ok(c.at - revokedAt <= 1000, `closed after ${c.at - revokedAt} ms`);
  // The token cannot open a new stream.
  await assert.rejects(openSocket(frank.token), /HTTP 401/);
});

test('suspending the account from the admin CLI (another process) closes its streams within a second', TIMEOUT, async () => {
  const gina = await newUser('gina');
  const { closed } = await openSocket(gina.token, 'public:local');
  suite.server.cli('admin', 'account', 'suspend', gina.username);
  const doneAt = Date.now();
  const c = await Promise.race([closed, sleep(3000).then(() => null)]);
  assert.ok(c, 'the stream was not closed');
  assert.ok(c.at - doneAt <= 1000, `closed ${c.at - doneAt} ms after the CLI returned`);
});

test('scopes and bad input: 401 without a token, 400 for an unknown stream, read:notifications only for user:notification', TIMEOUT, async () => {
  await assert.rejects(openSocket(''), /HTTP 401/);
  const hana = await newUser('hana');
  await assert.rejects(openSocket(hana.token, 'nonsense'), /HTTP 400/);
  const narrow = await newUser('ivan', 'read:notifications write');
  await assert.rejects(openSocket(narrow.token, 'public'), /HTTP 401/);
  const { ws } = await openSocket(narrow.token, 'user:notification');
  ws.close();
  // Error messages for a bad subscription keep the connection open.
  const { ws: ws2 } = await openSocket(hana.token, 'user');
  const reply = new Promise((r) => ws2.once('message', (m) => r(JSON.parse(m.toString()))));
  ws2.send(JSON.stringify({ type: 'subscribe', stream: 'list', list: '12345' }));
  const err = await reply;
  assert.equal(err.status, 401);
  assert.match(err.error, /list/);
  ws2.send('not json');
  const bad = await new Promise((r) => ws2.once('message', (m) => r(JSON.parse(m.toString()))));
  assert.equal(bad.status, 400);
  assert.equal(ws2.readyState, WebSocket.OPEN);
  ws2.close();
});
