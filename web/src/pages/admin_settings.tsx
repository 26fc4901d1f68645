// The instance settings on the admin "Instance" page (Parloir's /api/v1/admin/settings): title,
// descriptions, contact, registration mode, default language. Admins (manage_settings) edit and
// save them — the server applies all or none and says why it refused; other staff see the same
// form read-only. A server without the endpoint leaves the section out.
import { useEffect, useState } from 'preact/hooks';
import { get, patch, ApiError } from '../api';
import { t } from '../i18n';
import { useApp, can, PERM } from '../state';
import { Err } from './admin_util';

interface Values {
  title: string; short_description: string; description: string; contact_email: string; contact_account: string;
  registrations: string; default_language: string;
}
const KEYS: (keyof Values)[] = ['title', 'short_description', 'description', 'contact_email', 'contact_account', 'registrations', 'default_language'];
const MODES = ['open', 'approval', 'invite', 'closed'];

export function SettingsEditor() {
  const { me, refreshInstance } = useApp();
  const editable = can(me, PERM.manageSettings);
  const [saved, setSaved] = useState<Values | null>(null);
  const [f, setF] = useState<Values | null>(null);
  const [error, setError] = useState('');
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<Values>('/api/v1/admin/settings').then((v) => { setSaved(v); setF(v); })
      .catch((e: ApiError) => { if (e.status !== 404) setError(e.message); });
  }, [me?.id]);
  if (!f || !saved) return <Err error={error} />;
  const field = (k: keyof Values) => ({
    id: `setting-${k}`, value: f[k], disabled: !editable,
    onInput: (e: Event) => { setF({ ...f, [k]: (e.target as HTMLInputElement).value }); setMsg(''); },
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(''); setMsg(''); setBusy(true);
    const changed: Partial<Values> = {};
    for (const k of KEYS) if (f[k] !== saved[k]) changed[k] = f[k];
    try {
      if (Object.keys(changed).length) {
        const v = await patch<Values>('/api/v1/admin/settings', changed);
        setSaved(v); setF(v);
        await refreshInstance();
      }
      setMsg(t('Settings saved.'));
    } catch (err) { setError((err as ApiError).message); } finally { setBusy(false); }
  };
  return (
    <form class="stack" onSubmit={submit} aria-labelledby="settings-h" data-testid="instance-settings">
      <h2 id="settings-h">{t('Server settings')}</h2>
      {!editable && <p class="muted">{t('Only administrators can change these settings.')}</p>}
      <label for="setting-title">{t('Server name')}</label>
      <input type="text" required maxLength={200} {...field('title')} />
      <label for="setting-short_description">{t('Short description')}</label>
      <textarea rows={2} maxLength={500} {...field('short_description')} />
      <label for="setting-description">{t('About this server')}</label>
      <textarea rows={5} maxLength={10000} {...field('description')} />
      <label for="setting-contact_email">{t('Contact email')}</label>
      <input type="email" maxLength={254} {...field('contact_email')} />
      <label for="setting-contact_account">{t('Contact account (username)')}</label>
      <input type="text" maxLength={30} {...field('contact_account')} />
      <label for="setting-registrations">{t('Registrations')}</label>
      <select {...field('registrations')} onChange={(e) => { setF({ ...f, registrations: (e.target as HTMLSelectElement).value }); setMsg(''); }}>
        {MODES.map((m) => <option key={m} value={m}>{t(`registrations.${m}`)}</option>)}
      </select>
      <label for="setting-default_language">{t('Default language (code, e.g. en, fr)')}</label>
      <input type="text" maxLength={3} autoComplete="off" {...field('default_language')} />
      {editable && <div class="row"><button type="submit" class="primary" disabled={busy}>{t('Save settings')}</button></div>}
      {msg && <p role="status">{msg}</p>}
      <Err error={error} />
    </form>
  );
}
