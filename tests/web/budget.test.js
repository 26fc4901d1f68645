// The initial load budget: JS + CSS referenced by web/dist/index.html, gzipped, ≤ 150 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { webDist } from './lib/browser.js';

test('initial JS + CSS is at most 150 KB gzipped', () => {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  assert.ok(assets.some((a) => a.endsWith('.js')), 'index.html loads a script');
  let total = 0;
  for (const a of assets) total += gzipSync(readFileSync(join(webDist, a)), { level: 9 }).length;
  console.log(`initial load: ${assets.join(', ')} = ${(total / 1024).toFixed(1)} KB gzipped`);
  assert.ok(total <= 150 * 1024, `${total} bytes gzipped`);
});
