// The social API through masto.js 8 and megalodon 10: post, home timeline, favourite, follow,
// notifications; with masto, `for await` over home timeline pages (follows the Link header); polls
// through both clients.
// Run: cd tests/js && PARLOIR_BIN=build/dev/parloir node --test social.test.js (path from the repo root)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import megalodon from 'megalodon';
import { createRestAPIClient, MastoHttpError } from 'masto';
import { startServer } from './lib/server.js';
import { newUser as newUserOn, registerApp } from './lib/users.js';

const generator = megalodon.default;
const SCOPES = 'read write follow push';
const TIMEOUT = { timeout: 90_000 };

let server;
let app;

before(async () => {
  server = await startServer();
  app = await registerApp(server, 'parloir social js', SCOPES);
});

after(async () => {
  if (server) await server.stop();
});

const newUser = (prefix, scope = SCOPES) => newUserOn(server, app, prefix, scope);

const masto = (u) => createRestAPIClient({ url: server.baseUrl, accessToken: u.token });
const mega = (u) => generator('mastodon', server.baseUrl, u.token);

test('masto: post, home timeline, favourite, follow, notifications', TIMEOUT, async () => {
  const alice = await newUser('alice');
  const bob = await newUser('bob');
  const a = masto(alice);
  const b = masto(bob);

  const rel = await b.v1.accounts.$select(alice.id).follow({ reblogs: true });
  assert.equal(rel.following, true, JSON.stringify(rel));
  assert.equal(rel.id, alice.id);

  const st = await a.v1.statuses.create({ status: 'Hello from masto.js #mastojs', visibility: 'public' });
  assert.match(st.id, /^[1-9][0-9]*$/);
  assert.equal(st.visibility, 'public');
  assert.equal(st.account.id, alice.id);
  assert.deepEqual(st.tags.map((t) => t.name.toLowerCase()), ['mastojs']);

  const home = await b.v1.timelines.home.list({ limit: 20 });
  assert.deepEqual(home.map((s) => s.id), [st.id], 'bob sees alice\'s post at home');

  const fav = await b.v1.statuses.$select(st.id).favourite();
  assert.equal(fav.favourited, true);
  assert.equal(fav.favouritesCount, 1);
  const favedBy = await a.v1.statuses.$select(st.id).favouritedBy.list();
  assert.deepEqual(favedBy.map((x) => x.id), [bob.id]);
  const favs = await b.v1.favourites.list();
  assert.deepEqual(favs.map((s) => s.id), [st.id]);

  const reply = await b.v1.statuses.create({ status: `@${alice.username} nice post`, inReplyToId: st.id });
  assert.equal(reply.inReplyToId, st.id);

  const notes = await a.v1.notifications.list();
  assert.deepEqual(notes.map((n) => [n.type, n.account.id]),
    [['mention', bob.id], ['favourite', bob.id], ['follow', bob.id]]);
  assert.equal(notes[0].status.id, reply.id);
  assert.equal(notes[1].status.id, st.id);
  const onlyMentions = await a.v1.notifications.list({ types: ['mention'] });
  assert.deepEqual(onlyMentions.map((n) => n.type), ['mention']);
  const noMentions = await a.v1.notifications.list({ excludeTypes: ['mention'] });
  assert.deepEqual(noMentions.map((n) => n.type), ['favourite', 'follow']);

  const [relAB] = await a.v1.accounts.relationships.fetch({ id: [bob.id] });
  assert.equal(relAB.followedBy, true);
  assert.equal(relAB.following, false);

  // Errors surface as MastoHttpError with the server's message.
  await assert.rejects(a.v1.statuses.create({ status: 'x'.repeat(501) }), (err) => {
    assert.ok(err instanceof MastoHttpError, `${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.statusCode, 422);
    assert.match(err.message, /character limit of 500 exceeded/);
    return true;
  });
  await assert.rejects(a.v1.statuses.$select('9999999999999999').fetch(), (err) => {
    assert.ok(err instanceof MastoHttpError);
    assert.equal(err.statusCode, 404);
    return true;
  });
});

test('masto: for await over home timeline pages follows the Link header', TIMEOUT, async () => {
  const reader = await newUser('reader');
  const writer = await newUser('writer');
  const r = masto(reader);
  const w = masto(writer);
  await r.v1.accounts.$select(writer.id).follow();
  await r.v1.timelines.home.list({ limit: 5 }); // a client opening its home timeline first
  const posted = [];
  for (let i = 0; i < 12; i += 1) {
    posted.push((await w.v1.statuses.create({ status: `paged status ${i}` })).id);
  }
  posted.push((await r.v1.statuses.create({ status: 'the reader\'s own post' })).id);
  posted.reverse(); // newest first

  const pages = [];
  for await (const page of r.v1.timelines.home.list({ limit: 5 })) {
    pages.push(page.map((s) => s.id));
    assert.ok(pages.length < 20, 'the paginator never stops');
  }
  assert.deepEqual(pages.map((p) => p.length), [5, 5, 3], JSON.stringify(pages));
  const seen = pages.flat();
  assert.equal(new Set(seen).size, seen.length, 'duplicates across pages');
  assert.deepEqual(seen, posted);

  // The account's own list and a tag timeline paginate the same way.
  const acctPages = [];
  for await (const page of r.v1.accounts.$select(writer.id).statuses.list({ limit: 4 })) {
    acctPages.push(page.length);
    assert.ok(acctPages.length < 20);
  }
  // 12 statuses: three full pages; the third is full so it has a next link, which gives an empty
  // page without a next link (Mastodon does the same).
  assert.deepEqual(acctPages, [4, 4, 4, 0]);
});

test('megalodon: post, home timeline, favourite, follow, notifications', TIMEOUT, async () => {
  const carol = await newUser('carol');
  const dave = await newUser('dave');
  const c = mega(carol);
  const d = mega(dave);

  const followed = await d.followAccount(carol.id);
  assert.equal(followed.status, 200);
  assert.equal(followed.data.following, true);

  const posted = await c.postStatus('Hello from megalodon', { visibility: 'public', spoiler_text: 'cw' });
  assert.equal(posted.status, 200);
  const st = posted.data;
  assert.equal(st.visibility, 'public');
  assert.equal(st.spoiler_text, 'cw');
  assert.equal(st.account.id, carol.id);

  const home = await d.getHomeTimeline({ limit: 10 });
  assert.equal(home.status, 200);
  assert.deepEqual(home.data.map((s) => s.id), [st.id]);
  const own = await c.getHomeTimeline();
  assert.deepEqual(own.data.map((s) => s.id), [st.id], 'the author\'s own post is on her home');

  const fav = await d.favouriteStatus(st.id);
  assert.equal(fav.data.favourited, true);
  assert.equal(fav.data.favourites_count, 1);
  const favBy = await c.getStatusFavouritedBy(st.id);
  assert.deepEqual(favBy.data.map((x) => x.id), [dave.id]);

  const reblog = await d.reblogStatus(st.id);
  assert.equal(reblog.data.reblog?.id, st.id, 'the wrapper\'s reblog is the original');

  const mention = await d.postStatus(`@${carol.username} ping`);
  const notes = await c.getNotifications();
  assert.equal(notes.status, 200);
  assert.deepEqual(notes.data.map((n) => [n.type, n.account.id]), [
    ['mention', dave.id], ['reblog', dave.id], ['favourite', dave.id], ['follow', dave.id]]);
  assert.equal(notes.data[0].status.id, mention.data.id);
  const filtered = await c.getNotifications({ exclude_types: ['follow', 'mention'] });
  assert.deepEqual(filtered.data.map((n) => n.type), ['reblog', 'favourite']);

  const one = await c.getNotification(notes.data[0].id);
  assert.equal(one.data.type, 'mention');
  const dismissed = await c.dismissNotification(notes.data[0].id);
  assert.equal(dismissed.status, 200);
  assert.equal((await c.getNotifications()).data.length, 3);
  const cleared = await c.dismissNotifications();
  assert.equal(cleared.status, 200);
  assert.deepEqual((await c.getNotifications()).data, []);

  const unfollowed = await d.unfollowAccount(carol.id);
  assert.equal(unfollowed.data.following, false);
  const rels = await d.getRelationships([carol.id]);
  assert.equal(rels.data[0].following, false);
});

test('masto and megalodon: polls (create, vote, results)', TIMEOUT, async () => {
  const alice = await newUser('pollA');
  const bob = await newUser('pollB');
  const carol = await newUser('pollC');
  const a = masto(alice);
  const st = await a.v1.statuses.create({
    status: 'Coffee or tea?', poll: { options: ['coffee', 'tea', 'both'], expiresIn: 3600, multiple: true },
  });
  assert.equal(st.poll.multiple, true);
  assert.deepEqual(st.poll.options.map((o) => o.title), ['coffee', 'tea', 'both']);
  assert.equal(st.poll.voted, true, 'the author counts as having voted');

  const voted = await masto(bob).v1.polls.$select(st.poll.id).votes.create({ choices: [0, 2] });
  assert.deepEqual(voted.ownVotes, [0, 2]);
  assert.deepEqual(voted.options.map((o) => o.votesCount), [1, 0, 1]);
  assert.equal(voted.votersCount, 1);

  const c = mega(carol);
  const megaVoted = await c.votePoll(st.poll.id, [1]);
  assert.deepEqual(megaVoted.data.own_votes, [1]);
  const fetched = await c.getPoll(st.poll.id);
  assert.deepEqual(fetched.data.options.map((o) => o.votes_count), [1, 1, 1]);
  assert.equal(fetched.data.voters_count, 2);

  const megaPost = await c.postStatus('Megalodon asks', { poll: { options: ['yes', 'no'], expires_in: 600 } });
  assert.deepEqual(megaPost.data.poll.options.map((o) => o.title), ['yes', 'no']);

  await assert.rejects(masto(bob).v1.polls.$select(st.poll.id).votes.create({ choices: [0] }), (err) => {
    assert.equal(err.statusCode, 422);
    assert.match(err.message, /already voted/);
    return true;
  });
});
