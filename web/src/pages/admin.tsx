// Moderation and administration (shown by role): pending sign-ups, accounts and actions,
// reports, invites, announcements, email-domain blocks, federation, instance, audit log — all
// through /api/v1/admin/* (Mastodon's admin API plus Parloir's audit log, invites, announcements).
import { useState } from 'preact/hooks';
import { get, post, del, ApiError } from '../api';
import { t } from '../i18n';
import { useApp, can, PERM } from '../state';
import type { Account } from '../types';
import { useLoad, Err } from './admin_util';
import { DomainLists } from './admin_domains';
import { RulesEditor } from './admin_rules';
import { SettingsEditor } from './admin_settings';

interface AdminAccount {
  id: string; username: string; email: string; created_at: string; approved: boolean; disabled: boolean;
  silenced: boolean; suspended: boolean; invite_request: string | null; role?: { name: string } | null; account: Account;
}
interface Report {
  id: string; action_taken: boolean; category: string; comment: string; created_at: string;
  account: AdminAccount; target_account: AdminAccount; assigned_account: AdminAccount | null;
}
interface Invite { id: string; code: string; url: string; uses: number; max_uses: number | null; expires_at: string | null; }
interface AdminAnnouncement { id: string; text: string; content: string; published: boolean; starts_at: string | null; ends_at: string | null; }
interface AuditEntry { id: string; account_id: string | null; action: string; target_type: string; target_id: string; detail: string; created_at: string; }
interface DomainBlock { id: string; domain: string; }

// [id, label, permission bit needed (0: any staff)]
const SECTIONS: [string, string, number][] = [
  ['pending', 'Pending sign-ups', PERM.manageUsers], ['accounts', 'Accounts', PERM.manageUsers],
  ['reports', 'Reports', PERM.manageReports], ['invites', 'Invites', PERM.manageInvites],
  ['announcements', 'Announcements', PERM.manageAnnouncements],
  ['domains', 'Domains', PERM.manageFederation | PERM.manageBlocks], ['instance', 'Instance', 0],
  ['audit', 'Audit log', PERM.viewAuditLog],
];

export function Admin({ section }: { section: string }) {
  const { me } = useApp();
  const visible = SECTIONS.filter(([, , bit]) => !bit || can(me, bit));
  const current = section || visible[0]?.[0] || 'instance';
  return (
    <>
      <h1>{t('Administration')}</h1>
      <nav aria-label={t('Administration')} class="tabs">
        {visible.map(([id, label]) => <a key={id} href={`/admin/${id}`} aria-current={current === id ? 'page' : undefined}>{t(label)}</a>)}
      </nav>
      {current === 'pending' && <Pending />}
      {current === 'accounts' && <Accounts />}
      {current === 'reports' && <Reports />}
      {current === 'invites' && <Invites />}
      {current === 'announcements' && <AdminAnnouncements />}
      {current === 'domains' && <Domains />}
      {current === 'instance' && <InstanceInfo />}
      {current === 'audit' && <Audit />}
    </>
  );
}

function Pending() {
  const [items, setItems, error] = useLoad<AdminAccount[]>('/api/v1/admin/accounts', { pending: true });
  const [msg, setMsg] = useState('');
  const decide = async (a: AdminAccount, what: 'approve' | 'reject') => {
    try { await post(`/api/v1/admin/accounts/${a.id}/${what}`); setItems((items || []).filter((x) => x.id !== a.id)); setMsg(t(what === 'approve' ? '{name} approved.' : '{name} rejected.', { name: a.username })); }
    catch (e) { setMsg((e as ApiError).message); }
  };
  return (
    <section>
      <h2>{t('Pending sign-ups')}</h2>
      <Err error={error} />
      {items && !items.length && <p class="muted">{t('Nobody is waiting.')}</p>}
      <ul class="plain">
        {items?.map((a) => (
          <li key={a.id} class="card">
            <p><strong>{a.username}</strong> <span class="muted">{a.email}</span></p>
            {a.invite_request && <p>{t('Reason')}: {a.invite_request}</p>}
            <div class="row">
              <button type="button" class="primary" onClick={() => decide(a, 'approve')}>{t('Approve')} {a.username}</button>
              <button type="button" class="danger" onClick={() => decide(a, 'reject')}>{t('Reject')}</button>
            </div>
          </li>
        ))}
      </ul>
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

function Accounts() {
  const [status, setStatus] = useState('active');
  const [items, setItems, error] = useLoad<AdminAccount[]>('/api/v2/admin/accounts', { origin: 'local', status });
  const [msg, setMsg] = useState('');
  const act = async (a: AdminAccount, path: string, body?: Record<string, string>) => {
    try {
      await post(`/api/v1/admin/accounts/${a.id}/${path}`, body);
      const fresh = await get<AdminAccount>(`/api/v1/admin/accounts/${a.id}`);
      setItems((items || []).map((x) => (x.id === a.id ? fresh : x)));
      setMsg(t('Done.'));
    } catch (e) { setMsg((e as ApiError).message); }
  };
  return (
    <section>
      <h2>{t('Accounts')}</h2>
      <label>{t('Status')}{' '}
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          {['active', 'pending', 'disabled', 'silenced', 'suspended'].map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </select>
      </label>
      <Err error={error} />
      <table class="table">
        <thead><tr><th>{t('Username')}</th><th>{t('Email')}</th><th>{t('State')}</th><th>{t('Actions')}</th></tr></thead>
        <tbody>
          {items?.map((a) => (
            <tr key={a.id}>
              <td><a href={`/accounts/${a.account.id}`}>{a.username}</a> {a.role?.name && <span class="badge">{a.role.name}</span>}</td>
              <td>{a.email}</td>
              <td>{[a.disabled && t('status.disabled'), a.silenced && t('status.silenced'), a.suspended && t('status.suspended'), !a.approved && t('status.pending')].filter(Boolean).join(', ') || t('status.active')}</td>
              <td class="row">
                {a.silenced ? <button type="button" onClick={() => act(a, 'unsilence')}>{t('Unsilence')}</button>
                  : <button type="button" onClick={() => act(a, 'action', { type: 'silence' })}>{t('Silence')}</button>}
                {a.suspended ? <button type="button" onClick={() => act(a, 'unsuspend')}>{t('Unsuspend')}</button>
                  : <button type="button" class="danger" onClick={() => act(a, 'action', { type: 'suspend' })}>{t('Suspend')}</button>}
                {a.disabled ? <button type="button" onClick={() => act(a, 'enable')}>{t('Enable')}</button>
                  : <button type="button" onClick={() => act(a, 'action', { type: 'disable' })}>{t('Disable')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

function Reports() {
  const [resolved, setResolved] = useState(false);
  const [items, setItems, error] = useLoad<Report[]>('/api/v1/admin/reports', { resolved });
  const act = async (r: Report, what: string) => {
    const fresh = await post<Report>(`/api/v1/admin/reports/${r.id}/${what}`);
    setItems((items || []).map((x) => (x.id === r.id ? fresh : x)).filter((x) => x.action_taken === resolved));
  };
  return (
    <section>
      <h2>{t('Reports')}</h2>
      <label><input type="checkbox" checked={resolved} onChange={(e) => setResolved((e.target as HTMLInputElement).checked)} /> {t('Resolved')}</label>
      <Err error={error} />
      {items && !items.length && <p class="muted">{t('No reports.')}</p>}
      <ul class="plain">
        {items?.map((r) => (
          <li key={r.id} class="card">
            <p>{t('{a} reported {b}', { a: r.account.username, b: r.target_account.username })} · {r.category}</p>
            {r.comment && <blockquote>{r.comment}</blockquote>}
            <p class="muted">{r.assigned_account ? t('Assigned to {name}', { name: r.assigned_account.username }) : t('Unassigned')}</p>
            <div class="row">
              <button type="button" onClick={() => act(r, r.assigned_account ? 'unassign' : 'assign_to_self')}>{r.assigned_account ? t('Unassign') : t('Assign to me')}</button>
              <button type="button" onClick={() => act(r, r.action_taken ? 'reopen' : 'resolve')}>{r.action_taken ? t('Reopen') : t('Resolve')}</button>
              <a class="button" href={`/accounts/${r.target_account.account?.id || r.target_account.id}`}>{t('View account')}</a>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Invites() {
  const [items, setItems, error] = useLoad<Invite[]>('/api/v1/admin/invites');
  const [maxUses, setMaxUses] = useState('1');
  const [expires, setExpires] = useState('604800');
  const [err, setErr] = useState('');
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const body: Record<string, number> = {};
      if (maxUses) body.max_uses = Number(maxUses);
      if (expires) body.expires_in = Number(expires);
      const inv = await post<Invite>('/api/v1/admin/invites', body);
      setItems([inv, ...(items || [])]);
    } catch (e2) { setErr((e2 as ApiError).message); }
  };
  const remove = async (i: Invite) => { await del(`/api/v1/admin/invites/${i.id}`); setItems((items || []).filter((x) => x.id !== i.id)); };
  return (
    <section>
      <h2>{t('Invites')}</h2>
      <form class="row" onSubmit={create}>
        <label>{t('Max uses')} <select value={maxUses} onChange={(e) => setMaxUses((e.target as HTMLSelectElement).value)}>
          {['1', '5', '10', '25', ''].map((v) => <option key={v} value={v}>{v || t('No limit')}</option>)}</select></label>
        <label>{t('Expires')} <select value={expires} onChange={(e) => setExpires((e.target as HTMLSelectElement).value)}>
          {[['3600', '1 h'], ['86400', '1 d'], ['604800', '7 d'], ['', t('Never')]].map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
        <button type="submit" class="primary">{t('Create invite')}</button>
      </form>
      <Err error={error || err} />
      <ul class="plain">
        {items?.map((i) => {
          const link = `${location.origin}/signup?invite=${encodeURIComponent(i.code)}`;
          return (
            <li key={i.id} class="card">
              <p><label>{t('Invite link')} <input type="text" readOnly value={link} onFocus={(e) => (e.target as HTMLInputElement).select()} /></label></p>
              <p class="muted">{t('{n} uses', { n: i.uses })}{i.max_uses ? ` / ${i.max_uses}` : ''}{i.expires_at ? ` · ${t('expires {d}', { d: new Date(i.expires_at).toLocaleString() })}` : ''}</p>
              <button type="button" class="danger" onClick={() => remove(i)}>{t('Delete')}</button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function AdminAnnouncements() {
  const [items, setItems, error] = useLoad<AdminAnnouncement[]>('/api/v1/admin/announcements');
  const [text, setText] = useState('');
  const [err, setErr] = useState('');
  const create = async (e: Event) => {
    e.preventDefault();
    try { const a = await post<AdminAnnouncement>('/api/v1/admin/announcements', { text }); setItems([a, ...(items || [])]); setText(''); }
    catch (e2) { setErr((e2 as ApiError).message); }
  };
  const toggle = async (a: AdminAnnouncement) => {
    const fresh = await post<AdminAnnouncement>(`/api/v1/admin/announcements/${a.id}/${a.published ? 'unpublish' : 'publish'}`);
    setItems((items || []).map((x) => (x.id === a.id ? fresh : x)));
  };
  const remove = async (a: AdminAnnouncement) => { await del(`/api/v1/admin/announcements/${a.id}`); setItems((items || []).filter((x) => x.id !== a.id)); };
  return (
    <section>
      <h2>{t('Announcements')}</h2>
      <form class="stack" onSubmit={create}>
        <label>{t('Text')}<textarea required value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} /></label>
        <button type="submit" class="primary">{t('Publish')}</button>
      </form>
      <Err error={error || err} />
      <ul class="plain">
        {items?.map((a) => (
          <li key={a.id} class="card">
            <div class="content" dangerouslySetInnerHTML={{ __html: a.content }} />
            <p class="muted">{a.published ? t('Published') : t('Draft')}</p>
            <div class="row">
              <button type="button" onClick={() => toggle(a)}>{a.published ? t('Unpublish') : t('Publish')}</button>
              <button type="button" class="danger" onClick={() => remove(a)}>{t('Delete')}</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Domains() {
  const { me } = useApp();
  return (
    <>
      {can(me, PERM.manageFederation) && <DomainLists />}
      {can(me, PERM.manageBlocks) && <EmailDomainBlocks />}
    </>
  );
}

function EmailDomainBlocks() {
  const [items, setItems, error] = useLoad<DomainBlock[]>('/api/v1/admin/email_domain_blocks');
  const [domain, setDomain] = useState('');
  const [err, setErr] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    setErr('');
    try { const b = await post<DomainBlock>('/api/v1/admin/email_domain_blocks', { domain }); setItems([...(items || []), b]); setDomain(''); }
    catch (e2) { setErr((e2 as ApiError).message); }
  };
  const remove = async (b: DomainBlock) => {
    if (!confirm(t('Unblock sign-ups from {domain}?', { domain: b.domain }))) return;
    setErr('');
    try { await del(`/api/v1/admin/email_domain_blocks/${b.id}`); setItems((items || []).filter((x) => x.id !== b.id)); }
    catch (e2) { setErr((e2 as ApiError).message); }
  };
  return (
    <section aria-labelledby="email-blocks-h">
      <h2 id="email-blocks-h">{t('Blocked email domains')}</h2>
      <ul class="plain">{items?.map((b) => <li key={b.id} class="row spread">{b.domain}<button type="button" onClick={() => remove(b)}>{t('Delete')}</button></li>)}</ul>
      <form class="row" onSubmit={add}>
        <label>{t('Email domain')} <input type="text" required value={domain} onInput={(e) => setDomain((e.target as HTMLInputElement).value)} /></label>
        <button type="submit">{t('Block')}</button>
      </form>
      <Err error={error || err} />
    </section>
  );
}

function InstanceInfo() {
  const { instance, federationMode, federation } = useApp();
  if (!instance) return null;
  const mode = federationMode || (federation ? 'open' : 'off');
  const rows: [string, string][] = [
    [t('Domain'), instance.domain], [t('Languages'), instance.languages.join(', ')],
    [t('Maximum post length'), String(instance.configuration.statuses.max_characters)],
    [t('Federation mode'), t(`mode.${mode}`) + (federationMode ? '' : ` (${t('guessed')})`)],
  ];
  if (instance.parloir?.local_only_default !== undefined) {
    rows.push([t('Local only by default'), instance.parloir.local_only_default ? t('Yes') : t('No')]);
  }
  return (
    <section>
      <h2>{t('Instance')}</h2>
      <SettingsEditor />
      <dl class="fields">{rows.map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl>
      <p class="muted">{t('The settings above are stored by the server; these ones come from the configuration file (docs/configuration.md).')}</p>
      <RulesEditor />
    </section>
  );
}

function Audit() {
  const [items, , error] = useLoad<AuditEntry[]>('/api/v1/admin/audit_log', { limit: '100' } as any);
  return (
    <section>
      <h2>{t('Audit log')}</h2>
      <Err error={error} />
      <table class="table">
        <thead><tr><th>{t('When')}</th><th>{t('Who')}</th><th>{t('Action')}</th><th>{t('Target')}</th></tr></thead>
        <tbody>
          {items?.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.created_at).toLocaleString()}</td>
              <td>{e.account_id ? <a href={`/accounts/${e.account_id}`}>{e.account_id}</a> : 'CLI'}</td>
              <td>{e.action}</td>
              <td>{e.target_type} {e.target_id} {e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
