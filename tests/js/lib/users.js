// Shared set-up for the JS client tests: one OAuth app per server and fresh users with
// password-grant tokens, as every test file needs them.
import assert from 'node:assert/strict';

// POST /api/v1/apps (JSON body, oob redirect) -> the Application (client_id, client_secret…).
export async function registerApp(server, name, scopes) {
  const r = await fetch(`${server.baseUrl}/api/v1/apps`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_name: name, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

// A fresh user (created through the admin CLI) with a password-grant token for `scope`:
// { username, email, password, token, id }.
export async function newUser(server, app, prefix, scope) {
  const user = server.createUser(`${prefix}${Math.random().toString(16).slice(2, 8)}`);
  const r = await fetch(`${server.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret,
      username: user.email, password: user.password, scope,
    }),
  });
  const body = await r.text();
  assert.equal(r.status, 200, `password grant: ${r.status} ${body}`);
  const token = JSON.parse(body).access_token;
  const me = await (await fetch(`${server.baseUrl}/api/v1/accounts/verify_credentials`, {
    headers: { Authorization: `Bearer ${token}` },
  })).json();
  return { ...user, token, id: me.id };
}
