// The app's only door to the server: the public Mastodon client API on the same origin, with the
// user's OAuth token (kept in localStorage). OAuth: an app registered once per browser
// (POST /api/v1/apps, redirect_uri = <origin>/callback), authorization code + PKCE (S256).
import type { Account, Instance } from './types';

const TOKEN_KEY = 'parloir.token';
const APP_KEY = 'parloir.app';
const PKCE_KEY = 'parloir.pkce';
export const SCOPES = 'read write follow push admin:read admin:write';

export class ApiError extends Error {
  constructor(public status: number, message: string) { super(message); }
}

export function getToken(): string | null { return localStorage.getItem(TOKEN_KEY); }
export function setToken(token: string | null) {
  if (token) localStorage.setItem(TOKEN_KEY, token); else localStorage.removeItem(TOKEN_KEY);
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function qs(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(`${k}[]`, x));
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> { items: T; next: string | null; }

// Calls the API; JSON bodies (or FormData for uploads). Resolves with the parsed body, rejects
// with ApiError(status, the server's "error" text).
export async function request<T>(method: string, path: string, body?: unknown,
  opts: { token?: string | null; query?: Query } = {}): Promise<Page<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = opts.token === undefined ? getToken() : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const r = await fetch(path + qs(opts.query), { method, headers, body: payload });
  const text = await r.text();
  let data: any = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!r.ok) {
    const msg = (data && (data.error_description || data.error)) || `HTTP ${r.status}`;
    if (r.status === 401 && token && path !== '/oauth/token') window.dispatchEvent(new Event('parloir:unauthorized'));
    throw new ApiError(r.status, msg);
  }
  const link = r.headers.get('Link') || '';
  const next = /<([^>]+)>;\s*rel="next"/.exec(link);
  return { items: data as T, next: next ? new URL(next[1], location.origin).pathname + new URL(next[1], location.origin).search : null };
}

export const get = async <T>(path: string, query?: Query) => (await request<T>('GET', path, undefined, { query })).items;
export const post = async <T>(path: string, body?: unknown) => (await request<T>('POST', path, body ?? {})).items;
export const put = async <T>(path: string, body?: unknown) => (await request<T>('PUT', path, body ?? {})).items;
export const patch = async <T>(path: string, body?: unknown) => (await request<T>('PATCH', path, body ?? {})).items;
export const del = async <T>(path: string) => (await request<T>('DELETE', path)).items;

// ---- OAuth ----------------------------------------------------------------------------------

interface AppCreds { client_id: string; client_secret: string; redirect_uri: string; }

export function redirectUri() { return `${location.origin}/callback`; }

export async function ensureApp(): Promise<AppCreds> {
  const saved = localStorage.getItem(APP_KEY);
  if (saved) {
    const app = JSON.parse(saved) as AppCreds;
    if (app.redirect_uri === redirectUri()) return app;
  }
  const app = await post<AppCreds>('/api/v1/apps', {
    client_name: 'Parloir Web', redirect_uris: redirectUri(), scopes: SCOPES, website: location.origin,
  });
  const creds = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: redirectUri() };
  localStorage.setItem(APP_KEY, JSON.stringify(creds));
  return creds;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  bytes.forEach((b) => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Sends the browser to the server's /oauth/authorize page (code flow, PKCE S256, random state).
export async function startSignIn(): Promise<void> {
  const app = await ensureApp();
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  location.assign('/oauth/authorize' + qs({
    response_type: 'code', client_id: app.client_id, redirect_uri: app.redirect_uri, scope: SCOPES,
    state, code_challenge: base64url(digest), code_challenge_method: 'S256',
  }));
}

// Exchanges the code the server sent back to /callback; stores the token.
export async function finishSignIn(code: string, state: string | null): Promise<void> {
  const app = await ensureApp();
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  if (!saved || saved.state !== state) throw new ApiError(400, 'state mismatch');
  sessionStorage.removeItem(PKCE_KEY);
  const form = new URLSearchParams({
    grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret,
    redirect_uri: app.redirect_uri, code_verifier: saved.verifier, scope: SCOPES,
  });
  const r = await fetch('/oauth/token', { method: 'POST', body: form });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, data.error_description || data.error || `HTTP ${r.status}`);
  setToken(data.access_token);
}

// An app token (client_credentials) for sign-up; the new account's token gets its scopes.
export async function appToken(): Promise<string> {
  const app = await ensureApp();
  const form = new URLSearchParams({
    grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES,
  });
  const r = await fetch('/oauth/token', { method: 'POST', body: form });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, data.error || `HTTP ${r.status}`);
  return data.access_token;
}

export async function signOut(): Promise<void> {
  const token = getToken();
  const saved = localStorage.getItem(APP_KEY);
  if (token && saved) {
    const app = JSON.parse(saved) as AppCreds;
    await fetch('/oauth/revoke', {
      method: 'POST',
      body: new URLSearchParams({ token, client_id: app.client_id, client_secret: app.client_secret }),
    }).catch(() => undefined);
  }
  setToken(null);
}

export const loadInstance = () => request<Instance>('GET', '/api/v2/instance', undefined, { token: null }).then((p) => p.items);
export const verifyCredentials = () => get<Account>('/api/v1/accounts/verify_credentials');
