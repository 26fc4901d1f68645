// Mastodon 4.3 notifications through masto.js 8: grouped notifications (client.v2.notifications
// list / $select(key).fetch / accounts / dismiss / unreadCount), the policy
// (v2.notifications.policy), notification requests (v1.notifications.requests) and the
// `notifications_merged` streaming event when a request is accepted.
// Run: cd tests/js && PARLOIR_BIN=../../build/dev/parloir node --test notifications.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createRestAPIClient, createStreamingAPIClient } from 'masto';
import { TIMEOUT, serverPerFile, sleep } from './lib/suite.js';

if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;

const suite = serverPerFile('parloir notifications js', {
  onStart: (s) => assert.deepEqual(s.instance.api_versions, { mastodon: 2 }),
});

const newUser = (prefix) => suite.newUser(prefix);
const rest = (u) => createRestAPIClient({ url: suite.server.baseUrl, accessToken: u.token });

test('masto.js v2.notifications: favourites and follows grouped, mentions not, pages, dismiss', TIMEOUT, async () => {
  const alice = await newUser('alice');
  const a = rest(alice);
  const fans = [await newUser('bob'), await newUser('carol'), await newUser('dave')];
  const post = await a.v1.statuses.create({ status: 'star this' });
  for (const f of fans) await rest(f).v1.statuses.$select(post.id).favourite();
  for (const f of fans) await rest(f).v1.accounts.$select(alice.id).follow();
  const eve = await newUser('eve');
  const m1 = await rest(eve).v1.statuses.create({ status: `@${alice.username} one` });
  const m2 = await rest(eve).v1.statuses.create({ status: `@${alice.username} two` });

  const res = await a.v2.notifications.list();
  const groups = res.notificationGroups;
  assert.deepEqual(groups.map((g) => g.type), ['mention', 'mention', 'follow', 'favourite']);
  const fav = groups.find((g) => g.type === 'favourite');
  assert.equal(fav.notificationsCount, 3);
  assert.deepEqual([...fav.sampleAccountIds].sort(), fans.map((f) => f.id).sort());
  assert.equal(fav.statusId, post.id);
  assert.match(fav.groupKey, new RegExp(`^favourite-${post.id}-\\d+$`));
  const follow = groups.find((g) => g.type === 'follow');
  assert.equal(follow.notificationsCount, 3);
  assert.match(follow.groupKey, /^follow-\d+$/);
  const mentions = groups.filter((g) => g.type === 'mention');
  assert.deepEqual(mentions.map((g) => g.statusId), [m2.id, m1.id]);
  for (const g of mentions) assert.equal(g.groupKey, `ungrouped-${g.mostRecentNotificationId}`);
  assert.deepEqual(res.statuses.map((s) => s.id).sort(), [post.id, m1.id, m2.id].sort());
  assert.ok(res.accounts.some((x) => x.id === eve.id && x.username === eve.username));

  // Pages of 2 groups through masto's paginator (Link headers): every group in order; as in
  // Mastodon, a group straddling a page boundary shows again on the next page (clients merge by key).
  const paged = [];
  for await (const page of a.v2.notifications.list({ limit: 2 })) paged.push(...page.notificationGroups);
  const keys = paged.map((g) => g.groupKey).filter((k, i, all) => i === 0 || all[i - 1] !== k);
  assert.deepEqual(keys, groups.map((g) => g.groupKey));

  // One group, its accounts, the unread count, then dismiss.
  const one = await a.v2.notifications.$select(fav.groupKey).fetch();
  assert.equal(one.notificationGroups[0].notificationsCount, 3);
  const accts = await a.v2.notifications.$select(fav.groupKey).accounts.fetch();
  assert.deepEqual(accts.map((x) => x.id).sort(), fans.map((f) => f.id).sort());
  const unread = await a.v2.notifications.unreadCount.fetch();
  assert.equal(unread.count, 4);
  await a.v2.notifications.$select(fav.groupKey).dismiss();
  const after = await a.v2.notifications.list();
  assert.ok(!after.notificationGroups.some((g) => g.type === 'favourite'));
  await assert.rejects(a.v2.notifications.$select(fav.groupKey).fetch(), (e) => e.statusCode === 404);
  await assert.rejects(a.v2.notifications.$select('ungrouped-1').fetch(), (e) => e.statusCode === 404);
});

test('masto.js policy and requests; accepting a request streams notifications_merged', TIMEOUT, async () => {
  const alice = await newUser('alice');
  const a = rest(alice);
  const policy = await a.v2.notifications.policy.fetch();
  assert.equal(policy.forNotFollowing, 'accept');
  assert.equal(policy.forLimitedAccounts, 'filter');
  const updated = await a.v2.notifications.policy.update({ forNotFollowing: 'filter' });
  assert.equal(updated.forNotFollowing, 'filter');
  await assert.rejects(a.v2.notifications.policy.update({ forNotFollowing: 'sometimes' }), (e) => e.statusCode === 422);

  const stranger = await newUser('stranger');
  const sent = await rest(stranger).v1.statuses.create({ status: `@${alice.username} let me in` });
  assert.deepEqual((await a.v2.notifications.list()).notificationGroups, []);
  const withFiltered = await a.v2.notifications.list({ includeFiltered: true });
  assert.equal(withFiltered.notificationGroups[0].statusId, sent.id);
  const requests = await a.v1.notifications.requests.list();
  assert.equal(requests.length, 1);
  assert.equal(requests[0].account.id, stranger.id);
  assert.equal(requests[0].lastStatus.id, sent.id);
  assert.equal((await a.v2.notifications.policy.fetch()).summary.pendingRequestsCount, 1);

  const stream = createStreamingAPIClient({ streamingApiUrl: suite.streamingUrl, accessToken: alice.token, implementation: WebSocket });
  const events = [];
  let failure = null;
  const sub = stream.user.notification.subscribe();
  (async () => {
    try {
      for await (const e of sub) events.push(e);
    } catch (e) {
      failure = e;
    }
  })();
  try {
    // The subscription is live once a notification arrives on it (a followed friend's mention).
    const friend = await newUser('friend');
    await a.v1.accounts.$select(friend.id).follow();
    let live = false;
    for (let i = 0; i < 50 && !live; i++) {
      const s = await rest(friend).v1.statuses.create({ status: `@${alice.username} warm-up ${i}` });
      const deadline = Date.now() + 300;
      while (Date.now() < deadline && !live) {
        live = events.some((e) => e.event === 'notification' && e.payload.status?.id === s.id);
        await sleep(20);
      }
    }
    assert.ok(live, 'the user:notification subscription never became active');
    assert.ok(!events.some((e) => e.payload?.status?.id === sent.id), 'a filtered notification was streamed');

    await a.v1.notifications.requests.$select(requests[0].id).accept();
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !events.some((e) => e.event === 'notifications_merged')) {
      if (failure) throw failure;
      await sleep(20);
    }
    const merged = events.find((e) => e.event === 'notifications_merged');
    assert.ok(merged, `no notifications_merged; got ${JSON.stringify(events.map((e) => e.event))}`);
    assert.deepEqual(merged.stream, ['user:notification']);
    assert.equal(merged.payload, undefined);
  } finally {
    stream.close();
  }
  assert.deepEqual(await a.v1.notifications.requests.merged.fetch(), { merged: true });
  const groups = (await a.v2.notifications.list()).notificationGroups;
  assert.ok(groups.some((g) => g.statusId === sent.id), 'the accepted notification joined the list');
  assert.deepEqual(await a.v1.notifications.requests.list(), []);
  await assert.rejects(a.v1.notifications.requests.$select('1').accept(), (e) => e.statusCode === 404);
});
