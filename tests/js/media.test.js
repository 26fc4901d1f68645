// Media through masto.js 8: v2.media.create (which polls GET /api/v1/media/:id until `url` is
// set), then a status carrying it; megalodon's uploadMedia; avatars through update_credentials.
// Test images are made here (a small PNG encoder over node:zlib), so nothing is read from disk.
// Run: cd tests/js && PARLOIR_BIN=../../build/dev/parloir node --test media.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { createReadStream, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  app = await registerApp(server, 'parloir media js', SCOPES);
});

after(async () => {
  if (server) await server.stop();
});

const newUser = (prefix, scope = SCOPES) => newUserOn(server, app, prefix, scope);

// ---- a minimal PNG encoder (RGB, 8-bit) ------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const gradient = (x, y) => [x % 256, y % 256, (x + y) % 256];

test('masto: v2.media.create polls until processed, then a status carries the attachment', TIMEOUT, async () => {
  const u = await newUser('mjs');
  const m = createRestAPIClient({ url: server.baseUrl, accessToken: u.token });
  const file = new Blob([png(320, 240, gradient)], { type: 'image/png' });
  const media = await m.v2.media.create({ file, description: 'a gradient' });
  assert.equal(media.type, 'image');
  assert.match(media.url, /^http:\/\/127\.0\.0\.1:\d+\/system\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}\.png$/);
  assert.ok(media.previewUrl);
  assert.equal(media.description, 'a gradient');
  assert.equal(media.meta.original.width, 320);
  assert.equal(media.meta.original.height, 240);
  assert.match(media.blurhash, /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{36}$/);

  const fetched = await fetch(media.url);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.headers.get('content-type'), 'image/png');
  assert.equal(fetched.headers.get('x-content-type-options'), 'nosniff');
  assert.match(fetched.headers.get('content-security-policy'), /default-src 'none'/);

  const st = await m.v1.statuses.create({ status: 'with a picture', mediaIds: [media.id] });
  assert.equal(st.mediaAttachments.length, 1);
  assert.equal(st.mediaAttachments[0].id, media.id);
  assert.equal(st.mediaAttachments[0].description, 'a gradient');
  const again = await m.v1.statuses.$select(st.id).fetch();
  assert.equal(again.mediaAttachments[0].url, media.url);
});

// masto.js 8 sends PUT /api/v1/media/:id as JSON whatever is passed (its encoding inference),
// so a new thumbnail on update is tested with Mastodon.py (test_media_thumbnails.py).
test('masto: a custom thumbnail on v2.media.create becomes the preview', TIMEOUT, async () => {
  const u = await newUser('mthumb');
  const m = createRestAPIClient({ url: server.baseUrl, accessToken: u.token });
  const file = new Blob([png(400, 300, gradient)], { type: 'image/png' });
  const thumbnail = new Blob([png(120, 60, () => [0, 0, 240])], { type: 'image/png' });
  const media = await m.v2.media.create({ file, thumbnail, description: 'with a cover' });
  assert.equal(media.type, 'image');
  assert.equal(media.meta.original.width, 400);
  assert.equal(media.meta.small.width, 120);
  assert.equal(media.meta.small.height, 60);
  assert.notEqual(media.previewUrl, media.url);
  const cover = await fetch(media.previewUrl);
  assert.equal(cover.status, 200);
  assert.equal(cover.headers.get('accept-ranges'), 'bytes');
  const part = await fetch(media.url, { headers: { Range: 'bytes=0-7' } });
  assert.equal(part.status, 206);
  assert.deepEqual([...new Uint8Array(await part.arrayBuffer())], [137, 80, 78, 71, 13, 10, 26, 10]);
});

test('masto: an SVG sent as image/png is refused with 422 and a message', TIMEOUT, async () => {
  const u = await newUser('msvg');
  const m = createRestAPIClient({ url: server.baseUrl, accessToken: u.token });
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
  await assert.rejects(m.v1.media.create({ file: new Blob([svg], { type: 'image/png' }) }), (e) => {
    assert.ok(e instanceof MastoHttpError, String(e));
    assert.equal(e.statusCode, 422);
    assert.match(e.message, /not supported/);
    return true;
  });
});

test('megalodon: uploadMedia and an avatar through updateCredentials', TIMEOUT, async () => {
  const u = await newUser('mega');
  const client = generator('mastodon', server.baseUrl, u.token);
  // megalodon (form-data) uploads files from streams with a path.
  const dir = mkdtempSync(join(tmpdir(), 'parloir-media-'));
  const path = join(dir, 'x.png');
  writeFileSync(path, png(64, 48, gradient));
  let up;
  try {
    up = await client.uploadMedia(createReadStream(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(up.status === 200 || up.status === 202, `upload status ${up.status}`);
  assert.equal(up.data.type, 'image');
  const m = createRestAPIClient({ url: server.baseUrl, accessToken: u.token });
  const me = await m.v1.accounts.updateCredentials({
    avatar: new Blob([png(500, 300, gradient)], { type: 'image/png' }),
  });
  assert.match(me.avatar, /\/system\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}\.png$/);
  const verified = await m.v1.accounts.verifyCredentials();
  assert.equal(verified.avatar, me.avatar);
  assert.equal(verified.avatarStatic, me.avatar);
  const img = Buffer.from(await (await fetch(me.avatar)).arrayBuffer());
  assert.equal(img.readUInt32BE(16), 400);  // IHDR width
  assert.equal(img.readUInt32BE(20), 400);  // IHDR height
});
