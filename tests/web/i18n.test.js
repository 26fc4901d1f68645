// Every string the app translates with t('…') / tn('…', '…', n) in web/src has a French
// translation in web/src/i18n.ts (English strings are the keys), and so do the dynamic key
// families (visibility.*, status.*, severity.*, mode.*, registrations.*) in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(repoRoot, 'web', 'src');
const require = createRequire(join(repoRoot, 'web', 'package.json'));

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

// The `en` and `fr` tables, by transpiling i18n.ts (TypeScript from web/node_modules) and
// evaluating it with a stub document/localStorage.
async function tables() {
  const ts = require('typescript');
  let js = ts.transpileModule(readFileSync(join(src, 'i18n.ts'), 'utf8'),
    { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } }).outputText;
  js += '\nexport const __tables = { en, fr };\n';
  const mod = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
  return mod.__tables;
}

test('every translated string has a French translation', async () => {
  const { en, fr } = await tables();
  const keys = new Set();
  const str = String.raw`'((?:[^'\\]|\\.)*)'`;
  const callT = new RegExp(String.raw`\bt\(\s*` + str, 'g');
  const callTn = new RegExp(String.raw`\btn\(\s*` + str + String.raw`\s*,\s*` + str, 'g');
  const sections = new RegExp(String.raw`\[\s*'[a-z]+'\s*,\s*` + str + String.raw`\s*,\s*(?:PERM|0)`, 'g');
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(callT)) keys.add(m[1].replace(/\\'/g, "'"));
    for (const m of text.matchAll(callTn)) { keys.add(m[1]); keys.add(m[2]); }
    for (const m of text.matchAll(sections)) keys.add(m[1]);
  }
  assert.ok(keys.size > 200, `found only ${keys.size} strings: the extraction is broken`);
  const missing = [...keys].filter((k) => !(k in fr)).sort();
  assert.deepEqual(missing, [], `strings without a French translation:\n${missing.join('\n')}`);
  for (const family of ['visibility.', 'status.', 'severity.', 'mode.', 'registrations.']) {
    const en_ = Object.keys(en).filter((k) => k.startsWith(family));
    assert.ok(en_.length > 0, family);
    for (const k of en_) assert.ok(k in fr, `${k} has no French`);
  }
  for (const k of ['severity.suspend', 'severity.silence', 'severity.noop', 'mode.open', 'mode.allowlist', 'mode.off']) {
    assert.ok(k in en, `${k} has no English text`);
  }
});
