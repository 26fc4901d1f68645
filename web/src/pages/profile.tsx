// A profile: header, avatar, bio, fields, counts; follow / unfollow / mute / block; the
// account's posts. Own profile links to the editor. Also the follow-requests page and the editor.
import { useEffect, useState } from 'preact/hooks';
import { get, post, patch, ApiError } from '../api';
import { Avatar } from '../components/status';
import { ReportDialog } from '../components/report';
import { Timeline } from '../components/timeline';
import { t } from '../i18n';
import { useApp } from '../state';
import type { Account, Relationship } from '../types';
import { displayName } from '../util';

export function Profile({ id }: { id: string }) {
  const { me } = useApp();
  const [account, setAccount] = useState<Account | null>(null);
  const [rel, setRel] = useState<Relationship | null>(null);
  const [error, setError] = useState('');
  const [reporting, setReporting] = useState(false);
  useEffect(() => {
    setAccount(null); setReporting(false); setRel(null); setError('');
    get<Account>(`/api/v1/accounts/${id}`).then(setAccount).catch((e: ApiError) => setError(e.message));
    if (me && me.id !== id) get<Relationship[]>('/api/v1/accounts/relationships', { id: [id] }).then((r) => setRel(r[0] || null)).catch(() => undefined);
  }, [id]);
  const act = async (action: string) => {
    setError('');
    try { setRel(await post<Relationship>(`/api/v1/accounts/${id}/${action}`)); get<Account>(`/api/v1/accounts/${id}`).then(setAccount); }
    catch (e) { setError((e as ApiError).message); }
  };
  if (error && !account) return <p role="alert" class="error">{error}</p>;
  if (!account) return <p class="muted">{t('Loading…')}</p>;
  const own = me?.id === account.id;
  return (
    <>
      <div class="profile">
        {account.header && !account.header.endsWith('missing.png') && <img class="header-img" src={account.header} alt="" />}
        <div class="row profile-top">
          <Avatar src={account.avatar} size={80} />
          <div>
            <h1>{displayName(account)}</h1>
            <p class="muted">@{account.acct}{account.locked ? ' 🔒' : ''}{account.bot ? ` · ${t('Bot')}` : ''}</p>
          </div>
        </div>
        <div class="content" dangerouslySetInnerHTML={{ __html: account.note }} />
        {account.fields && account.fields.length > 0 && (
          <dl class="fields">{account.fields.map((f) => (<><dt>{f.name}</dt><dd dangerouslySetInnerHTML={{ __html: f.value }} /></>))}</dl>
        )}
        <p class="muted">
          {t('{n} posts', { n: account.statuses_count })} · {t('{n} following', { n: account.following_count })} · {t('{n} followers', { n: account.followers_count })}
        </p>
        <div class="row">
          {own && <a class="button" href="/settings/profile">{t('Edit profile')}</a>}
          {!own && rel && (
            <>
              {rel.followed_by && <span class="badge">{t('Follows you')}</span>}
              {rel.following || rel.requested
                ? <button type="button" onClick={() => act('unfollow')}>{rel.requested ? t('Cancel request') : t('Unfollow')}</button>
                : <button type="button" class="primary" disabled={rel.blocking} onClick={() => act('follow')}>{t('Follow')}</button>}
              <button type="button" onClick={() => act(rel.muting ? 'unmute' : 'mute')}>{rel.muting ? t('Unmute') : t('Mute')}</button>
              <button type="button" class="danger" onClick={() => act(rel.blocking ? 'unblock' : 'block')}>{rel.blocking ? t('Unblock') : t('Block')}</button>
              <button type="button" aria-haspopup="dialog" onClick={() => setReporting(true)}>{t('Report')}</button>
            </>
          )}
        </div>
        {error && <p role="alert" class="error">{error}</p>}
      </div>
      {reporting && <ReportDialog account={account} onClose={() => setReporting(false)} />}
      <h2>{t('Posts')}</h2>
      <Timeline path={`/api/v1/accounts/${account.id}/statuses`} />
    </>
  );
}

export function FollowRequests() {
  const [items, setItems] = useState<Account[]>([]);
  useEffect(() => { get<Account[]>('/api/v1/follow_requests').then(setItems).catch(() => undefined); }, []);
  const decide = async (a: Account, what: 'authorize' | 'reject') => {
    await post(`/api/v1/follow_requests/${a.id}/${what}`);
    setItems((cur) => cur.filter((x) => x.id !== a.id));
  };
  return (
    <>
      <h1>{t('Follow requests')}</h1>
      {!items.length && <p class="muted">{t('No pending follow requests.')}</p>}
      <ul class="plain">
        {items.map((a) => (
          <li key={a.id} class="row">
            <Avatar src={a.avatar} size={32} /><a href={`/accounts/${a.id}`}>{displayName(a)}</a> <span class="muted">@{a.acct}</span>
            <button type="button" class="primary" onClick={() => decide(a, 'authorize')}>{t('Accept')}</button>
            <button type="button" onClick={() => decide(a, 'reject')}>{t('Reject')}</button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function EditProfile() {
  const { me, refreshMe } = useApp();
  const [name, setName] = useState(me?.display_name || '');
  const [note, setNote] = useState(me?.source?.note ?? '');
  const [locked, setLocked] = useState(!!me?.locked);
  const [bot, setBot] = useState(!!me?.bot);
  const [avatar, setAvatar] = useState<File | null>(null);
  const [header, setHeader] = useState<File | null>(null);
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    setMsg(''); setError('');
    const form = new FormData();
    form.append('display_name', name);
    form.append('note', note);
    form.append('locked', String(locked));
    form.append('bot', String(bot));
    if (avatar) form.append('avatar', avatar);
    if (header) form.append('header', header);
    try { await patch('/api/v1/accounts/update_credentials', form); await refreshMe(); setMsg(t('Saved.')); }
    catch (err) { setError((err as ApiError).message); }
  };
  return (
    <form class="stack" onSubmit={save}>
      <h1>{t('Edit profile')}</h1>
      <label>{t('Display name')}<input type="text" maxLength={30} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <label>{t('Bio')}<textarea rows={4} maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} /></label>
      <label>{t('Avatar')}<input type="file" accept="image/*" onChange={(e) => setAvatar((e.target as HTMLInputElement).files?.[0] || null)} /></label>
      <label>{t('Header')}<input type="file" accept="image/*" onChange={(e) => setHeader((e.target as HTMLInputElement).files?.[0] || null)} /></label>
      <label><input type="checkbox" checked={locked} onChange={(e) => setLocked((e.target as HTMLInputElement).checked)} /> {t('Approve followers manually')}</label>
      <label><input type="checkbox" checked={bot} onChange={(e) => setBot((e.target as HTMLInputElement).checked)} /> {t('This is a bot account')}</label>
      <button type="submit" class="primary">{t('Save')}</button>
      {msg && <p role="status">{msg}</p>}
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}
