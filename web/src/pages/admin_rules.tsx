// The instance rules on the admin "Instance" page: everyone staff sees the public list
// (/api/v1/instance/rules); owners and admins manage them through /api/v1/admin/rules (list,
// create, update, delete). When that admin call answers 403 or 404 (no permission, or a server
// without it) the page shows the list without controls.
import { useEffect, useState } from 'preact/hooks';
import { get, post, put, del, ApiError } from '../api';
import { t } from '../i18n';
import { useApp, can, PERM } from '../state';
import type { Rule } from '../types';
import { Err } from './admin_util';

interface RuleFields { text: string; hint: string; priority: string; }

function ruleBody(f: RuleFields): Record<string, unknown> {
  const body: Record<string, unknown> = { text: f.text.trim(), hint: f.hint.trim() };
  if (f.priority.trim() !== '') body.priority = Number(f.priority);
  return body;
}

function RuleForm({ initial, submitLabel, onSubmit, onCancel, idp }: {
  initial: RuleFields; submitLabel: string; onSubmit(f: RuleFields): Promise<void>; onCancel?(): void; idp: string;
}) {
  const [f, setF] = useState(initial);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try { await onSubmit(f); setF(initial); } catch (err) { setError((err as ApiError).message); }
  };
  return (
    <form class="stack" onSubmit={submit} aria-label={submitLabel}>
      <label for={`${idp}-text`}>{t('Rule')}</label>
      <textarea id={`${idp}-text`} rows={2} required maxLength={300} value={f.text} onInput={(e) => setF({ ...f, text: (e.target as HTMLTextAreaElement).value })} />
      <label>{t('Explanation (optional)')}<input type="text" maxLength={300} value={f.hint} onInput={(e) => setF({ ...f, hint: (e.target as HTMLInputElement).value })} /></label>
      <label>{t('Order')}<input type="number" inputMode="numeric" value={f.priority} onInput={(e) => setF({ ...f, priority: (e.target as HTMLInputElement).value })} /></label>
      <div class="row">
        <button type="submit" class="primary">{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('Cancel')}</button>}
      </div>
      <Err error={error} />
    </form>
  );
}

export function RulesEditor() {
  const { me } = useApp();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [editable, setEditable] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    (async () => {
      if (can(me, PERM.manageRules)) {
        try { setRules(await get<Rule[]>('/api/v1/admin/rules')); setEditable(true); return; }
        catch (e) { if (![403, 404].includes((e as ApiError).status)) setError((e as ApiError).message); }
      }
      try { setRules(await get<Rule[]>('/api/v1/instance/rules')); } catch (e) { setError((e as ApiError).message); }
    })();
  }, [me?.id]);
  const sorted = (list: Rule[]) => [...list].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  const create = async (f: RuleFields) => {
    const r = await post<Rule>('/api/v1/admin/rules', ruleBody(f));
    setRules(sorted([...(rules || []), r]));
  };
  const update = (rule: Rule) => async (f: RuleFields) => {
    const r = await put<Rule>(`/api/v1/admin/rules/${rule.id}`, ruleBody(f));
    setRules(sorted((rules || []).map((x) => (x.id === r.id ? r : x)))); setEditing(null);
  };
  const remove = async (rule: Rule) => {
    if (!confirm(t('Delete the rule “{text}”?', { text: rule.text }))) return;
    setError('');
    try { await del(`/api/v1/admin/rules/${rule.id}`); setRules((rules || []).filter((x) => x.id !== rule.id)); }
    catch (e) { setError((e as ApiError).message); }
  };
  return (
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">{t('Server rules')}</h2>
      {rules && !rules.length && <p class="muted">{t('This server has no rules yet.')}</p>}
      <ol class="rules">
        {rules?.map((r) => (
          <li key={r.id} data-rule={r.id}>
            <span>{r.text}</span>{r.hint && <span class="muted small"> — {r.hint}</span>}
            {editable && editing !== r.id && (
              <span class="row">
                <button type="button" onClick={() => setEditing(r.id)}>{t('Edit')}<span class="sr-only"> {r.text}</span></button>
                <button type="button" class="danger" onClick={() => remove(r)}>{t('Delete')}<span class="sr-only"> {r.text}</span></button>
              </span>
            )}
            {editable && editing === r.id && (
              <RuleForm idp={`rule${r.id}`} initial={{ text: r.text, hint: r.hint || '', priority: r.priority == null ? '' : String(r.priority) }}
                submitLabel={t('Save rule')} onSubmit={update(r)} onCancel={() => setEditing(null)} />
            )}
          </li>
        ))}
      </ol>
      <Err error={error} />
      {editable && <RuleForm idp="newrule" initial={{ text: '', hint: '', priority: '' }} submitLabel={t('Add rule')} onSubmit={create} />}
    </section>
  );
}
