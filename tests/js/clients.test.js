// masto.js 8 and megalodon 10 against a real parloir server (REST only; no streaming yet).
// Run: cd tests/js && PARLOIR_BIN=../../build/dev/parloir node --test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import megalodon, { detector } from 'megalodon';
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from 'masto';
import { startServer } from './lib/server.js';

const generator = megalodon.default;
const SCOPES = ['read', 'write', 'follow', 'push'];
const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const TIMEOUT = { timeout: 90_000 };

async function withServer(fn) {
  const server = await startServer();
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

async function passwordGrant(baseUrl, app, user, scope = SCOPES.join(' ')) {
  const r = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret,
      username: user.email, password: user.password, scope,
    }),
  });
  const body = await r.text();
  assert.equal(r.status, 200, `password grant: ${r.status} ${body}`);
  return JSON.parse(body).access_token;
}

test('megalodon detector() recognises the server as mastodon', TIMEOUT, async () => {
  await withServer(async ({ baseUrl }) => {
    assert.equal(await detector(baseUrl), 'mastodon');
  });
});

test('megalodon registers an app (JSON body) and reads the account and instance', TIMEOUT, async () => {
  await withServer(async (server) => {
    const anon = generator('mastodon', server.baseUrl);
    const appData = await anon.registerApp('megalodon test', { scopes: SCOPES });
    assert.ok(appData.client_id, 'client_id');
    assert.ok(appData.client_secret, 'client_secret');
    assert.match(appData.url, /\/oauth\/authorize\?/);

    const user = server.createUser();
    const token = await passwordGrant(server.baseUrl,
      { clientId: appData.client_id, clientSecret: appData.client_secret }, user);
    const client = generator('mastodon', server.baseUrl, token);
    const me = await client.verifyAccountCredentials();
    assert.equal(me.status, 200);
    assert.equal(me.data.username, user.username);
    const app = await client.verifyAppCredentials();
    assert.equal(app.data.name, 'megalodon test');
    const instance = await client.getInstance();
    assert.match(instance.data.version, /^4\.3\.0\+parloir-\d+\.\d+\.\d+$/);
    assert.ok(instance.data.urls.streaming_api, 'urls.streaming_api');
  });
});

test('masto: apps.create, OAuth password grant, verifyCredentials', TIMEOUT, async () => {
  await withServer(async (server) => {
    const user = server.createUser();
    const anon = createRestAPIClient({ url: server.baseUrl });
    const app = await anon.v1.apps.create({
      clientName: 'masto test', redirectUris: OOB, scopes: SCOPES.join(' '),
      website: 'https://client.example',
    });
    assert.ok(app.clientId && app.clientSecret, JSON.stringify(app));

    const oauth = createOAuthAPIClient({ url: server.baseUrl });
    const token = await oauth.token.create({
      grantType: 'password', clientId: app.clientId, clientSecret: app.clientSecret,
      redirectUri: OOB, username: user.email, password: user.password, scope: SCOPES.join(' '),
    });
    assert.ok(token.accessToken, JSON.stringify(token));
    assert.equal(token.tokenType.toLowerCase(), 'bearer');
    for (const s of SCOPES) assert.ok(token.scope.split(' ').includes(s), `scope ${token.scope}`);

    const masto = createRestAPIClient({ url: server.baseUrl, accessToken: token.accessToken });
    const me = await masto.v1.accounts.verifyCredentials();
    assert.equal(me.username, user.username);
    assert.equal(me.acct, user.username);
    assert.match(me.id, /^[1-9][0-9]*$/);

    const v2 = await masto.v2.instance.fetch();
    assert.match(v2.version, /^4\.3\.0\+parloir-\d+\.\d+\.\d+$/);
  });
});

test('masto surfaces a 401 for a bad token as MastoHttpError', TIMEOUT, async () => {
  await withServer(async (server) => {
    const masto = createRestAPIClient({ url: server.baseUrl, accessToken: 'not-a-token' });
    await assert.rejects(masto.v1.accounts.verifyCredentials(), (err) => {
      assert.ok(err instanceof MastoHttpError, `${err?.constructor?.name}: ${err?.message}`);
      assert.equal(err.statusCode, 401);
      return true;
    });
  });
});
