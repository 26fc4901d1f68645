// A federation peer we did not write the ActivityPub side of: @fedify/fedify 1.5.9 with an
// in-memory KV store and signature verification left on; the one relaxation for loopback is
// `allowPrivateAddress: true`. Actors: /users/fedi; /users/fedi2, whose alsoKnownAs lists fedi
// (a Move target); /users/fedi3, listing nothing (a refused Move target). One RSA key pair,
// generated at start, serves all three.
//
//   node fedify_peer.mjs PORT
//
// Control endpoints (JSON in, JSON out) the Python tests call:
//   GET  /control/received            activities received (verified by Fedify), as JSON-LD
//   POST /control/follow {actor}      Follow the actor URL
//   POST /control/post {text, to, attachments?}  Create(Note) to Public, addressed to `to` (an
//                                     actor URL); attachments: [{path, mediaType, name}] served here
//   PUT  /control/media/NAME          stores the body (with its Content-Type), served at /media/NAME
//   POST /control/move {target, to}   fedi sends Move(object fedi, target: actor URL) to `to`
// Prints "ready" on stdout once listening.
import http from 'node:http';
import {
  Accept, Create, Move, Document, Endpoints, Follow, Note, Person, PUBLIC_COLLECTION, Undo, Update, Delete, Like, Announce,
  createFederation, generateCryptoKeyPair, MemoryKvStore,
} from '@fedify/fedify';

const port = Number(process.argv[2]);
const origin = `http://127.0.0.1:${port}`;
const federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true });
const keyPair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
const ACTORS = ['fedi', 'fedi2', 'fedi3'];
const received = [];
const followers = new Map();  // actor id -> inbox
const files = new Map();  // "/media/NAME" -> {type, data}

federation
  .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
    if (!ACTORS.includes(identifier)) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      aliases: identifier === 'fedi2' ? [ctx.getActorUri('fedi')] : [],
      name: 'Fedify Peer',
      summary: 'A Fedify test peer',
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      followers: ctx.getFollowersUri(identifier),
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((k) => k.multikey),
    });
  })
  .setKeyPairsDispatcher(async (ctx, identifier) => (ACTORS.includes(identifier) ? [keyPair] : []));

federation.setFollowersDispatcher('/users/{identifier}/followers', async () => ({ items: [] }));

const record = async (ctx, activity) => {
  received.push(await activity.toJsonLd({ contextLoader: ctx.contextLoader }));
};
federation
  .setInboxListeners('/users/{identifier}/inbox', '/inbox')
  .on(Follow, async (ctx, follow) => {
    await record(ctx, follow);
    const follower = await follow.getActor(ctx);
    if (!follower) return;
    followers.set(follower.id.href, follower);
    const followed = ACTORS.find((a) => follow.objectId?.href === ctx.getActorUri(a).href) ?? 'fedi';
    await ctx.sendActivity({ identifier: followed }, follower,
      new Accept({ id: new URL(`${origin}/accepts/${Date.now()}`), actor: ctx.getActorUri(followed), object: follow }));
  })
  .on(Accept, record).on(Create, record).on(Update, record).on(Delete, record)
  .on(Undo, record).on(Like, record).on(Announce, record);

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, origin);
    const ctx = federation.createContext(new URL(origin), undefined);
    if (url.pathname === '/control/received') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(received));
    }
    if (url.pathname.startsWith('/control/media/') && req.method === 'PUT') {
      files.set(url.pathname.slice('/control'.length), { type: req.headers['content-type'], data: await body(req) });
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{}');
    }
    if (url.pathname.startsWith('/media/') && files.has(url.pathname)) {
      const f = files.get(url.pathname);
      res.writeHead(200, { 'content-type': f.type, 'content-length': f.data.length });
      return res.end(f.data);
    }
    if (url.pathname === '/control/follow') {
      const { actor } = JSON.parse((await body(req)).toString());
      const target = await ctx.lookupObject(actor);
      if (!target) throw new Error(`cannot look up ${actor}`);
      await ctx.sendActivity({ identifier: 'fedi' }, target,
        new Follow({ id: new URL(`${origin}/follows/${Date.now()}`), actor: ctx.getActorUri('fedi'), object: target.id }));
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{}');
    }
    if (url.pathname === '/control/move') {
      const { target, to } = JSON.parse((await body(req)).toString());
      const recipient = await ctx.lookupObject(to);
      if (!recipient) throw new Error(`cannot look up ${to}`);
      const id = `${origin}/moves/${Date.now()}`;
      await ctx.sendActivity({ identifier: 'fedi' }, recipient,
        new Move({ id: new URL(id), actor: ctx.getActorUri('fedi'), object: ctx.getActorUri('fedi'),
                   target: new URL(target) }));
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id }));
    }
    if (url.pathname === '/control/post') {
      const { text, to, attachments = [] } = JSON.parse((await body(req)).toString());
      const target = await ctx.lookupObject(to);
      if (!target) throw new Error(`cannot look up ${to}`);
      const id = `${origin}/notes/${Date.now()}`;
      const note = new Note({
        id: new URL(id), attributedTo: ctx.getActorUri('fedi'), content: `<p>${text}</p>`,
        to: PUBLIC_COLLECTION, ccs: [target.id],
        attachments: attachments.map((a) => new Document({
          url: new URL(`${origin}${a.path}`), mediaType: a.mediaType, name: a.name,
        })),
      });
      await ctx.sendActivity({ identifier: 'fedi' }, target,
        new Create({ id: new URL(`${id}/activity`), actor: ctx.getActorUri('fedi'), object: note,
                     to: PUBLIC_COLLECTION, ccs: [target.id] }));
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id }));
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(url, { method: req.method, headers, body: hasBody ? await body(req) : undefined });
    const response = await federation.fetch(request, { contextData: undefined });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(e?.stack ?? e));
  }
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
