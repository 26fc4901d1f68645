// Signed-out screens: welcome (sign in through the server's OAuth page), the OAuth callback, and
// sign-up by registration mode (open, approval with a reason, invite code; closed says so).
import { useEffect, useState } from 'preact/hooks';
import { appToken, finishSignIn, request, setToken, startSignIn, ApiError } from '../api';
import { t } from '../i18n';
import { navigate } from '../router';
import { useApp } from '../state';
import { instanceRules } from '../rules';
import type { Rule } from '../types';

export function Welcome() {
  const { instance } = useApp();
  const [error, setError] = useState('');
  const regs = instance?.registrations;
  return (
    <section class="welcome stack">
      <h1>{instance?.title || 'Parloir'}</h1>
      {instance?.description && <p>{instance.description}</p>}
      <button type="button" class="primary" onClick={() => startSignIn().catch((e: ApiError) => setError(e.message))}>{t('Sign in')}</button>
      {regs?.enabled && <a class="button" href="/signup">{t('Create account')}</a>}
      {!regs?.enabled && <p class="muted">{t('Sign-up needs an invite link on this server.')}</p>}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

export function Callback() {
  const { refreshMe } = useApp();
  const [error, setError] = useState('');
  useEffect(() => {
    const p = new URLSearchParams(location.search);
    const code = p.get('code');
    if (!code) { setError(p.get('error_description') || p.get('error') || t('Sign-in was cancelled.')); return; }
    finishSignIn(code, p.get('state')).then(refreshMe).then(() => navigate('/', true)).catch((e: ApiError) => setError(e.message));
  }, []);
  return error ? <p role="alert" class="error">{error} <a href="/">{t('Back')}</a></p> : <p class="muted">{t('Signing in…')}</p>;
}

// `invite` comes from /signup?invite=CODE (where the server sends /invite/CODE) or, should the
// app get /invite/CODE itself, from that path (`canonical`: the address bar then shows /signup?invite=CODE).
export function SignUp({ invite, canonical }: { invite: string; canonical?: boolean }) {
  const { instance, lang, refreshMe } = useApp();
  const [rules, setRules] = useState<Rule[]>([]);
  useEffect(() => { instanceRules().then(setRules); }, []);
  useEffect(() => { if (canonical && invite) navigate(`/signup?invite=${encodeURIComponent(invite)}`, true); }, [invite, canonical]);
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [agreement, setAgreement] = useState(false);
  const [error, setError] = useState('');
  const [pending, setPending] = useState(false);
  const [busy, setBusy] = useState(false);
  const approval = !!instance?.registrations.approval_required && !invite;
  const open = !!instance?.registrations.enabled || !!invite;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(''); setBusy(true);
    try {
      const app = await appToken();
      const body: Record<string, unknown> = { username, email, password, agreement, locale: lang };
      if (approval) body.reason = reason;
      if (invite) body.invite_code = invite;
      const r = await request<{ access_token: string }>('POST', '/api/v1/accounts', body, { token: app });
      const token = r.items.access_token;
      try {
        await request('GET', '/api/v1/accounts/verify_credentials', undefined, { token });
        setToken(token);
        await refreshMe();
        navigate('/', true);
      } catch (err) {
        if ((err as ApiError).status === 403 && /pending/i.test((err as ApiError).message)) setPending(true); else throw err;
      }
    } catch (err) { setError((err as ApiError).message); }
    setBusy(false);
  };

  if (pending) {
    return (
      <section class="stack" role="status">
        <h1>{t('Almost there')}</h1>
        <p>{t('Your account is waiting for approval by a moderator. You can sign in once it is approved.')}</p>
      </section>
    );
  }
  if (!open) return <p class="muted">{t('Sign-up needs an invite link on this server.')}</p>;
  return (
    <form class="stack signup" onSubmit={submit}>
      <h1>{t('Create account')}</h1>
      {invite && <p class="muted">{t('You were invited to join {title}.', { title: instance?.title || 'Parloir' })}</p>}
      <label>{t('Username')}<input name="username" type="text" required autoComplete="username" pattern="[A-Za-z0-9_]+" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} /></label>
      <label>{t('Email')}<input name="email" type="email" required autoComplete="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} /></label>
      <label>{t('Password')}<input name="password" type="password" required minLength={8} autoComplete="new-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} /></label>
      {approval && <label>{t('Why do you want to join?')}<textarea name="reason" required value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} /></label>}
      {rules.length > 0 && (
        <section class="card" aria-labelledby="signup-rules-h">
          <h2 id="signup-rules-h">{t('Server rules')}</h2>
          <p class="muted">{t('By signing up you agree to follow these rules, set by the moderators of {title}.', { title: instance?.title || 'Parloir' })}</p>
          <ol class="rules">{rules.map((r) => <li key={r.id}>{r.text}{r.hint && <span class="muted small"> — {r.hint}</span>}</li>)}</ol>
        </section>
      )}
      <label><input name="agreement" type="checkbox" required checked={agreement} onChange={(e) => setAgreement((e.target as HTMLInputElement).checked)} /> {t('I agree to the server rules')}</label>
      <button type="submit" class="primary" disabled={busy}>{t('Sign up')}</button>
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}
