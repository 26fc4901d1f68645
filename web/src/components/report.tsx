// The Report dialog (from a status or a profile): a modal <dialog> asking what is wrong
// (spam, illegal, breaks a server rule — with the rules to tick, when the server has some —, or
// something else), whether to include the post, a comment, and for a remote account whether to
// forward an anonymised copy to its server; then POST /api/v1/reports. Escape or Cancel closes it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { post, ApiError } from '../api';
import { t } from '../i18n';
import { instanceRules } from '../rules';
import type { Account, Rule, Status } from '../types';
import { displayName } from '../util';

export function ReportDialog({ account, status, onClose }: { account: Account; status?: Status; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [rules, setRules] = useState<Rule[]>([]);
  const [category, setCategory] = useState('spam');
  const [ruleIds, setRuleIds] = useState<string[]>([]);
  const [includeStatus, setIncludeStatus] = useState(!!status);
  const [comment, setComment] = useState('');
  const remoteDomain = account.acct.includes('@') ? account.acct.split('@')[1] : '';
  const [forward, setForward] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState(false);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;  // focus goes back there on close
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
    instanceRules().then(setRules);
    return () => { if (d?.open) d.close(); opener?.focus?.(); };
  }, []);

  const categories: [string, string][] = [
    ['spam', t('It is spam')], ['legal', t('It is illegal')],
    ...(rules.length ? [['violation', t('It breaks the server rules')] as [string, string]] : []),
    ['other', t('Something else')],
  ];
  const needRules = category === 'violation' && ruleIds.length === 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || needRules) return;
    setBusy(true); setError('');
    try {
      const body: Record<string, unknown> = { account_id: account.id, category, comment: comment.trim() };
      if (status && includeStatus) body.status_ids = [status.id];
      if (category === 'violation') body.rule_ids = ruleIds;
      if (remoteDomain) body.forward = forward;
      await post('/api/v1/reports', body);
      setSent(true);
    } catch (err) { setError((err as ApiError).message); }
    setBusy(false);
  };

  const titleId = `report-title-${account.id}`;
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id={titleId}>{t('Report {name}', { name: `@${account.acct}` })}</h2>
      {sent ? (
        <div class="stack">
          <p role="status">{t('Thank you: your report was sent to the moderators.')}</p>
          <button type="button" class="primary" onClick={onClose} autoFocus>{t('Close')}</button>
        </div>
      ) : (
        <form class="stack" onSubmit={submit}>
          <p class="muted">{t('Only the moderators of this server see your report; {name} is not told who sent it.', { name: displayName(account) })}</p>
          <fieldset>
            <legend>{t('What is wrong?')}</legend>
            {categories.map(([v, label]) => (
              <label key={v}><input type="radio" name="category" value={v} checked={category === v} onChange={() => setCategory(v)} /> {label}</label>
            ))}
          </fieldset>
          {category === 'violation' && (
            <fieldset>
              <legend>{t('Which rules are broken?')}</legend>
              {rules.map((r) => (
                <label key={r.id}>
                  <input type="checkbox" checked={ruleIds.includes(r.id)}
                    onChange={(e) => setRuleIds((e.target as HTMLInputElement).checked ? [...ruleIds, r.id] : ruleIds.filter((x) => x !== r.id))} />{' '}
                  {r.text}{r.hint && <span class="muted small"> — {r.hint}</span>}
                </label>
              ))}
            </fieldset>
          )}
          {status && (
            <label><input type="checkbox" checked={includeStatus} onChange={(e) => setIncludeStatus((e.target as HTMLInputElement).checked)} /> {t('Include this post')}</label>
          )}
          <label>{t('Additional comments')}
            <textarea rows={3} maxLength={1000} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          </label>
          {remoteDomain && (
            <label><input type="checkbox" checked={forward} onChange={(e) => setForward((e.target as HTMLInputElement).checked)} /> {t('Also send an anonymised copy to {domain}', { domain: remoteDomain })}</label>
          )}
          {needRules && <p class="muted small">{t('Tick at least one rule.')}</p>}
          <div class="row">
            <button type="submit" class="danger" disabled={busy || needRules}>{t('Send report')}</button>
            <button type="button" onClick={onClose}>{t('Cancel')}</button>
          </div>
          {error && <p role="alert" class="error">{error}</p>}
        </form>
      )}
    </dialog>
  );
}
