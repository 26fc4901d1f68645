// One server per test file for the masto.js / megalodon tests: before() starts a real
// `parloir serve` (lib/server.js), registers one OAuth app and reads /api/v2/instance (the
// streaming URL); after() stops the server. Call once at the top level of a test file:
//
//   const suite = serverPerFile('parloir my feature js');
//   test('…', TIMEOUT, async () => { const alice = await suite.newUser('alice'); … suite.server.baseUrl … });
import { before, after } from 'node:test';
import { startServer } from './server.js';
import { newUser, registerApp } from './users.js';

export const SCOPES = 'read write follow push';
export const TIMEOUT = { timeout: 120_000 };
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Returns the file's suite: { server, app, instance, streamingUrl } (set once before() ran) and
// newUser(prefix, scope = scopes): a fresh user with a password-grant token (lib/users.js).
// `onStart(suite)`, when given, runs at the end of the same before() (checks of the instance).
export function serverPerFile(appName, { scopes = SCOPES, onStart } = {}) {
  const suite = {
    server: undefined,
    app: undefined,
    instance: undefined,
    streamingUrl: undefined,
    newUser: (prefix, scope = scopes) => newUser(suite.server, suite.app, prefix, scope),
  };
  before(async () => {
    suite.server = await startServer();
    suite.app = await registerApp(suite.server, appName, scopes);
    suite.instance = await (await fetch(`${suite.server.baseUrl}/api/v2/instance`)).json();
    suite.streamingUrl = suite.instance.configuration.urls.streaming;
    if (onStart) await onStart(suite);
  });
  after(async () => {
    if (suite.server) await suite.server.stop();
  });
  return suite;
}
