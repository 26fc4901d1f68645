// Settings: interface language and theme (this browser), posting defaults (server preferences),
// filters (v2), scheduled posts, sign out; password and authorised apps are the server's own
// pages (/auth/edit, /oauth/authorized_applications, as on Mastodon), opened in the same tab.
import { useEffect, useState } from 'preact/hooks';
import { get, post, del, patch, signOut, ApiError } from '../api';
import { LANGUAGES, t } from '../i18n';
import { useApp } from '../state';
import type { FilterV2 } from '../types';
import { LOCAL_ONLY_KEY, setLocalOnlyPreference } from '../components/compose';

export function Settings() {
  const { lang, setLang, theme, setTheme, me, refreshMe, instance } = useApp();
  const [localOnlyPref, setLocalOnlyPref] = useState(localStorage.getItem(LOCAL_ONLY_KEY) || '');
  const [privacy, setPrivacy] = useState(me?.source?.privacy || 'public');
  const [sensitive, setSensitive] = useState(!!me?.source?.sensitive);
  const [msg, setMsg] = useState('');
  const savePrefs = async (e: Event) => {
    e.preventDefault();
    try {
      await patch('/api/v1/accounts/update_credentials', { source: { privacy, sensitive } });
      await refreshMe(); setMsg(t('Saved.'));
    } catch (err) { setMsg((err as ApiError).message); }
  };
  return (
    <>
      <h1>{t('Settings')}</h1>
      <section class="stack">
        <h2>{t('Appearance')}</h2>
        <label>{t('Language')}{' '}
          <select value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value)}>
            {LANGUAGES.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </label>
        <label>{t('Theme')}{' '}
          <select value={theme} onChange={(e) => setTheme((e.target as HTMLSelectElement).value)}>
            <option value="auto">{t('System')}</option>
            <option value="light">{t('Light')}</option>
            <option value="dark">{t('Dark')}</option>
          </select>
        </label>
      </section>
      <form class="stack" onSubmit={savePrefs}>
        <h2>{t('Posting defaults')}</h2>
        <label>{t('Default visibility')}{' '}
          <select value={privacy} onChange={(e) => setPrivacy((e.target as HTMLSelectElement).value)}>
            {['public', 'unlisted', 'private'].map((v) => <option key={v} value={v}>{t(`visibility.${v}`)}</option>)}
          </select>
        </label>
        <label>{t('Local only by default')}{' '}
          <select value={localOnlyPref} onChange={(e) => { const v = (e.target as HTMLSelectElement).value; setLocalOnlyPref(v); setLocalOnlyPreference(v); }}>
            <option value="">{instance?.parloir?.local_only_default ? t('Server default (yes)') : t('Server default (no)')}</option>
            <option value="true">{t('Yes')}</option>
            <option value="false">{t('No')}</option>
          </select>
        </label>
        <label><input type="checkbox" checked={sensitive} onChange={(e) => setSensitive((e.target as HTMLInputElement).checked)} /> {t('Always mark media as sensitive')}</label>
        <button type="submit">{t('Save')}</button>
        {msg && <p role="status">{msg}</p>}
      </form>
      <section class="stack" aria-labelledby="password-h">
        <h2 id="password-h">{t('Password')}</h2>
        <p class="muted">{t('Your password is changed on the server’s own page: it asks for your current password, and signs you out of your other sessions.')}</p>
        <a class="button" href="/auth/edit" data-external>{t('Change password')}</a>
      </section>
      <section class="stack" aria-labelledby="apps-h">
        <h2 id="apps-h">{t('Authorised apps')}</h2>
        <p class="muted">{t('The apps you allowed to use your account (this web app included) are listed on the server’s page, where you can revoke any of them.')}</p>
        <a class="button" href="/oauth/authorized_applications" data-external>{t('Manage authorised apps')}</a>
      </section>
      <Filters />
      <Scheduled />
      <section class="stack">
        <h2>{t('Account')}</h2>
        <p><a href="/settings/profile">{t('Edit profile')}</a> · <a href="/follow_requests">{t('Follow requests')}</a></p>
        <button type="button" class="danger" onClick={() => signOut().then(() => location.assign('/'))}>{t('Sign out')}</button>
      </section>
    </>
  );
}

function Filters() {
  const [filters, setFilters] = useState<FilterV2[]>([]);
  const [title, setTitle] = useState('');
  const [keyword, setKeyword] = useState('');
  const [action, setAction] = useState('warn');
  const [error, setError] = useState('');
  useEffect(() => { get<FilterV2[]>('/api/v2/filters').then(setFilters).catch(() => undefined); }, []);
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const f = await post<FilterV2>('/api/v2/filters', {
        title, context: ['home', 'notifications', 'public', 'thread', 'account'], filter_action: action,
        keywords_attributes: [{ keyword, whole_word: true }],
      });
      setFilters([...filters, f]); setTitle(''); setKeyword('');
    } catch (err) { setError((err as ApiError).message); }
  };
  const remove = async (f: FilterV2) => { await del(`/api/v2/filters/${f.id}`); setFilters(filters.filter((x) => x.id !== f.id)); };
  return (
    <section class="stack">
      <h2>{t('Filters')}</h2>
      <ul class="plain">
        {filters.map((f) => (
          <li key={f.id} class="row spread"><span>{f.title}: {f.keywords.map((k) => k.keyword).join(', ')} ({t(f.filter_action === 'hide' ? 'Hide' : 'Warn')})</span>
            <button type="button" onClick={() => remove(f)}>{t('Delete')}</button></li>
        ))}
      </ul>
      <form class="row" onSubmit={create}>
        <label>{t('Title')} <input type="text" required value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} /></label>
        <label>{t('Keyword')} <input type="text" required value={keyword} onInput={(e) => setKeyword((e.target as HTMLInputElement).value)} /></label>
        <label>{t('Action')} <select value={action} onChange={(e) => setAction((e.target as HTMLSelectElement).value)}>
          <option value="warn">{t('Warn')}</option><option value="hide">{t('Hide')}</option></select></label>
        <button type="submit">{t('Add filter')}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

interface ScheduledStatus { id: string; scheduled_at: string; params: { text: string } }

function Scheduled() {
  const [items, setItems] = useState<ScheduledStatus[]>([]);
  useEffect(() => { get<ScheduledStatus[]>('/api/v1/scheduled_statuses').then(setItems).catch(() => undefined); }, []);
  const cancel = async (s: ScheduledStatus) => { await del(`/api/v1/scheduled_statuses/${s.id}`); setItems(items.filter((x) => x.id !== s.id)); };
  return (
    <section class="stack">
      <h2>{t('Scheduled posts')}</h2>
      {!items.length && <p class="muted">{t('Nothing here yet.')}</p>}
      <ul class="plain">
        {items.map((s) => (
          <li key={s.id} class="row spread"><span><time dateTime={s.scheduled_at}>{new Date(s.scheduled_at).toLocaleString()}</time> — {s.params.text}</span>
            <button type="button" onClick={() => cancel(s)}>{t('Delete')}</button></li>
        ))}
      </ul>
    </section>
  );
}
