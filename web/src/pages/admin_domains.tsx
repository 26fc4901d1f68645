// The federation part of the admin "Domains" page: the federation mode (from /api/v2/instance),
// blocked servers (Mastodon's /api/v1/admin/domain_blocks: add, edit, remove) and allowed servers
// (/api/v1/admin/domain_allows: add, remove). Every change is confirmed first; the server's
// refusal (e.g. a severity it cannot carry out) is shown as it says it.
import { useState } from 'preact/hooks';
import { post, put, del, ApiError } from '../api';
import { t } from '../i18n';
import { useApp } from '../state';
import { useLoad, Err } from './admin_util';

export interface DomainBlock {
  id: string; domain: string; created_at?: string; severity: string; reject_media: boolean; reject_reports: boolean;
  private_comment: string | null; public_comment: string | null; obfuscate: boolean;
}
interface DomainAllow { id: string; domain: string; created_at?: string; }

const SEVERITIES = ['suspend', 'silence', 'noop'];

type BlockFields = Omit<DomainBlock, 'id' | 'created_at' | 'domain'>;
const NEW_BLOCK: BlockFields = {
  severity: 'suspend', reject_media: false, reject_reports: false, private_comment: '', public_comment: '', obfuscate: false,
};

// What a create/update sends: the Mastodon fields, empty comments left out.
function blockBody(f: BlockFields): Record<string, unknown> {
  const body: Record<string, unknown> = {
    severity: f.severity, reject_media: f.reject_media, reject_reports: f.reject_reports, obfuscate: f.obfuscate,
  };
  if (f.private_comment) body.private_comment = f.private_comment;
  if (f.public_comment) body.public_comment = f.public_comment;
  return body;
}

export function FederationMode() {
  const { federationMode, federation } = useApp();
  const mode = federationMode || (federation ? 'open' : 'off');
  const text: Record<string, string> = {
    open: t('Open: this server talks to any server except the blocked ones.'),
    allowlist: t('Allow-list: this server talks only to the allowed servers below.'),
    off: t('Off: this server talks to no other server; the lists below take effect if federation is turned on.'),
  };
  return (
    <div class="card" data-testid="federation-mode">
      <p><strong>{t('Federation mode')}:</strong> <span data-mode={mode}>{t(`mode.${mode}`)}</span>{!federationMode && <span class="muted"> ({t('guessed')})</span>}</p>
      <p class="muted">{text[mode] || ''} {t('The mode is set in the configuration file (federation.mode).')}</p>
    </div>
  );
}

// The form fields of a block (severity, options, comments); `idp` keeps ids unique per form.
function BlockFieldsEditor({ value, onChange, idp }: { value: BlockFields; onChange(v: BlockFields): void; idp: string }) {
  const set = (k: keyof BlockFields, v: unknown) => onChange({ ...value, [k]: v });
  const check = (k: 'reject_media' | 'reject_reports' | 'obfuscate', label: string) => (
    <label><input type="checkbox" checked={value[k]} onChange={(e) => set(k, (e.target as HTMLInputElement).checked)} /> {label}</label>
  );
  return (
    <>
      <label for={`${idp}-sev`}>{t('Severity')}</label>
      <select id={`${idp}-sev`} value={value.severity} onChange={(e) => set('severity', (e.target as HTMLSelectElement).value)}>
        {SEVERITIES.map((v) => <option key={v} value={v}>{t(`severity.${v}`)}</option>)}
      </select>
      <div class="row">
        {check('reject_media', t('Reject media files'))}
        {check('reject_reports', t('Reject reports'))}
        {check('obfuscate', t('Obfuscate the domain in the public list'))}
      </div>
      <label>{t('Private comment')}<input type="text" maxLength={1000} value={value.private_comment || ''} onInput={(e) => set('private_comment', (e.target as HTMLInputElement).value)} /></label>
      <label>{t('Public comment')}<input type="text" maxLength={1000} value={value.public_comment || ''} onInput={(e) => set('public_comment', (e.target as HTMLInputElement).value)} /></label>
    </>
  );
}

function BlockItem({ block, onSaved, onRemoved }: { block: DomainBlock; onSaved(b: DomainBlock): void; onRemoved(): void }) {
  const [editing, setEditing] = useState(false);
  const [fields, setFields] = useState<BlockFields>(block);
  const [error, setError] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    if (!confirm(t('Change the block of {domain}?', { domain: block.domain }))) return;
    setError('');
    try { onSaved(await put<DomainBlock>(`/api/v1/admin/domain_blocks/${block.id}`, blockBody(fields))); setEditing(false); }
    catch (err) { setError((err as ApiError).message); }
  };
  const remove = async () => {
    if (!confirm(t('Unblock {domain}? Its servers can reach this one again.', { domain: block.domain }))) return;
    setError('');
    try { await del(`/api/v1/admin/domain_blocks/${block.id}`); onRemoved(); }
    catch (err) { setError((err as ApiError).message); }
  };
  const flags = [block.reject_media && t('Reject media files'), block.reject_reports && t('Reject reports'), block.obfuscate && t('Obfuscated')].filter(Boolean);
  return (
    <li class="card" data-domain={block.domain}>
      <p class="row spread">
        <span><strong>{block.domain}</strong> · {t(`severity.${block.severity}`)}{flags.length ? ` · ${flags.join(', ')}` : ''}</span>
        <span class="row">
          <button type="button" aria-expanded={editing} onClick={() => { setFields(block); setEditing(!editing); }}>{t('Edit')}<span class="sr-only"> {block.domain}</span></button>
          <button type="button" class="danger" onClick={remove}>{t('Unblock')}<span class="sr-only"> {block.domain}</span></button>
        </span>
      </p>
      {block.public_comment && <p class="muted">{block.public_comment}</p>}
      {editing && (
        <form class="stack" onSubmit={save} aria-label={t('Edit the block of {domain}', { domain: block.domain })}>
          <BlockFieldsEditor value={fields} onChange={setFields} idp={`b${block.id}`} />
          <div class="row">
            <button type="submit" class="primary">{t('Save')}</button>
            <button type="button" onClick={() => setEditing(false)}>{t('Cancel')}</button>
          </div>
        </form>
      )}
      <Err error={error} />
    </li>
  );
}

function Blocks() {
  const [items, setItems, loadError] = useLoad<DomainBlock[]>('/api/v1/admin/domain_blocks');
  const [domain, setDomain] = useState('');
  const [fields, setFields] = useState<BlockFields>(NEW_BLOCK);
  const [error, setError] = useState('');
  const [msg, setMsg] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    const d = domain.trim();
    if (!confirm(t('Block {domain}? Nothing more is exchanged with it and follows across are severed.', { domain: d }))) return;
    setError(''); setMsg('');
    try {
      const b = await post<DomainBlock>('/api/v1/admin/domain_blocks', { domain: d, ...blockBody(fields) });
      setItems([...(items || []).filter((x) => x.id !== b.id), b].sort((x, y) => x.domain.localeCompare(y.domain)));
      setDomain(''); setFields(NEW_BLOCK); setMsg(t('{domain} blocked.', { domain: b.domain }));
    } catch (err) { setError((err as ApiError).message); }
  };
  return (
    <section aria-labelledby="blocks-h">
      <h2 id="blocks-h">{t('Blocked servers')}</h2>
      <Err error={loadError} />
      {items && !items.length && <p class="muted">{t('No server is blocked.')}</p>}
      <ul class="plain">
        {items?.map((b) => (
          <BlockItem key={b.id} block={b} onSaved={(nb) => setItems((items || []).map((x) => (x.id === nb.id ? nb : x)))}
            onRemoved={() => { setItems((items || []).filter((x) => x.id !== b.id)); setMsg(t('{domain} unblocked.', { domain: b.domain })); }} />
        ))}
      </ul>
      <form class="stack card" onSubmit={add} aria-label={t('Block a server')}>
        <label>{t('Server domain to block')}<input type="text" required value={domain} placeholder="spam.example"
          onInput={(e) => setDomain((e.target as HTMLInputElement).value)} /></label>
        <BlockFieldsEditor value={fields} onChange={setFields} idp="newblock" />
        <button type="submit" class="danger">{t('Block server')}</button>
        <Err error={error} />
      </form>
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

function Allows() {
  const [items, setItems, loadError] = useLoad<DomainAllow[]>('/api/v1/admin/domain_allows');
  const [domain, setDomain] = useState('');
  const [error, setError] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const a = await post<DomainAllow>('/api/v1/admin/domain_allows', { domain: domain.trim() });
      setItems([...(items || []).filter((x) => x.id !== a.id), a]); setDomain('');
    } catch (err) { setError((err as ApiError).message); }
  };
  const remove = async (a: DomainAllow) => {
    if (!confirm(t('Remove {domain} from the allowed servers?', { domain: a.domain }))) return;
    setError('');
    try { await del(`/api/v1/admin/domain_allows/${a.id}`); setItems((items || []).filter((x) => x.id !== a.id)); }
    catch (err) { setError((err as ApiError).message); }
  };
  return (
    <section aria-labelledby="allows-h">
      <h2 id="allows-h">{t('Allowed servers')}</h2>
      <p class="muted">{t('Used when the federation mode is allow-list.')}</p>
      <Err error={loadError} />
      {items && !items.length && <p class="muted">{t('No server is on the allow-list.')}</p>}
      <ul class="plain">
        {items?.map((a) => (
          <li key={a.id} class="row spread" data-domain={a.domain}>{a.domain}
            <button type="button" onClick={() => remove(a)}>{t('Remove')}<span class="sr-only"> {a.domain}</span></button></li>
        ))}
      </ul>
      <form class="row" onSubmit={add}>
        <label>{t('Server domain to allow')} <input type="text" required value={domain} placeholder="school-b.example"
          onInput={(e) => setDomain((e.target as HTMLInputElement).value)} /></label>
        <button type="submit">{t('Allow server')}</button>
      </form>
      <Err error={error} />
    </section>
  );
}

export function DomainLists() {
  return (
    <>
      <section aria-labelledby="federation-h">
        <h2 id="federation-h">{t('Federation')}</h2>
        <FederationMode />
      </section>
      <Blocks />
      <Allows />
    </>
  );
}
