// Starts a real `parloir serve` for one test, like tests/integration/conftest.py: a free
// 127.0.0.1 port, a temp data dir, --url http://127.0.0.1:PORT, access log off. Waits for
// GET /health == "OK" (20 s; ASan builds are slow) and reads the admin credentials block that the
// first start prints on stdout.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, isAbsolute, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

// masto 8 targets Node >= 22; its WebSocket connector uses Promise.withResolvers (Node 22).
// REST calls don't need it, but keep the runtime complete for any code path.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const START_TIMEOUT_MS = Number(process.env.PARLOIR_TEST_START_TIMEOUT ?? 20) * 1000;

export function parloirBin() {
  const value = process.env.PARLOIR_BIN || 'build/dev/parloir';
  return isAbsolute(value) ? value : join(repoRoot, value);
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serverEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('PARLOIR_') || k === 'PARLOIR_BIN') env[k] = v;
  }
  env.PARLOIR_LOG_ACCESS_LOG = 'off';
  env.PARLOIR_RATE_LIMITS_ENABLED = 'false';  // bursts from 127.0.0.1; like tests/integration
  return { ...env, ...extra };
}

export async function startServer({ env = {} } = {}) {
  const bin = parloirBin();
  const root = mkdtempSync(join(tmpdir(), 'parloir-js-'));
  const dataDir = join(root, 'data');
  const stdoutPath = join(root, 'stdout.log');
  const stderrPath = join(root, 'stderr.log');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const out = openSync(stdoutPath, 'a');
  const err = openSync(stderrPath, 'a');
  const child = spawn(bin, ['serve', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`,
    '--url', baseUrl], { stdio: ['ignore', out, err], env: serverEnv(env), cwd: root });
  closeSync(out);
  closeSync(err);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.on('error', (e) => { exited = { code: -1, signal: String(e) }; });

  const read = (p) => { try { return readFileSync(p, 'utf8'); } catch { return ''; } };
  const deadline = Date.now() + START_TIMEOUT_MS;
  let healthyAt = 0;
  let admin = null;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`parloir serve exited (${JSON.stringify(exited)}) before /health answered\n` +
        `stderr:\n${read(stderrPath).slice(-3000)}`);
    }
    if (!healthyAt) {
      try {
        const r = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
        if (r.status === 200 && (await r.text()).trim() === 'OK') healthyAt = Date.now();
      } catch { /* not yet */ }
    }
    if (healthyAt) {
      const text = read(stdoutPath);
      const user = text.match(/^\s*username:\s*(\S+)\s*$/m);
      const email = text.match(/^\s*email:\s*(\S+)\s*$/m);
      const pw = text.match(/^\s*password:\s*(\S+)\s*$/m);
      if (user && pw) {
        admin = { username: user[1], email: email?.[1], password: pw[1] };
        break;
      }
      if (Date.now() - healthyAt > 5000) break;
    }
    await sleep(50);
  }
  if (!healthyAt) {
    child.kill('SIGKILL');
    throw new Error(`parloir serve did not answer /health within ${START_TIMEOUT_MS} ms\n` +
      `stderr:\n${read(stderrPath).slice(-3000)}`);
  }

  const cli = (...args) => execFileSync(bin, [...args, '--data-dir', dataDir], {
    env: serverEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000,
  });

  return {
    baseUrl,
    port,
    dataDir,
    admin,
    cli,
    createUser(username = `u${randomBytes(4).toString('hex')}`) {
      const email = `${username}@example.com`;
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      cli('admin', 'account', 'create', '--username', username, '--email', email,
        '--password', password);
      return { username, email, password };
    },
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await done;
        clearTimeout(timer);
      }
      const stderr = read(stderrPath);
      rmSync(root, { recursive: true, force: true });
      for (const marker of ['ERROR: AddressSanitizer', 'runtime error:', 'ERROR: LeakSanitizer']) {
        if (stderr.includes(marker)) {
          throw new Error(`sanitizer report in the server's stderr:\n${stderr.slice(stderr.indexOf(marker), stderr.indexOf(marker) + 4000)}`);
        }
      }
    },
  };
}
