// The compose form: text with a live counter counted as the server counts (count.ts), content
// warning, visibility (+ local only), media with alt text, poll, schedule, expiry; reply when
// `replyTo` is given.
import { useRef, useState } from 'preact/hooks';
import { post, put, ApiError, getToken } from '../api';
import { statusLength } from '../count';
import { t } from '../i18n';
import { useApp } from '../state';
import type { Attachment, Status } from '../types';
import { idempotencyKey } from '../util';
import { Icon } from './icon';

interface Upload { id: string; preview: string; description: string; name: string; }

// The user's own "local only by default" choice in this browser ("true" | "false"; absent: follow
// the server's `parloir.local_only_default`).
export const LOCAL_ONLY_KEY = 'parloir.localOnly';
export function setLocalOnlyPreference(v: string) {
  if (v === 'true' || v === 'false') localStorage.setItem(LOCAL_ONLY_KEY, v); else localStorage.removeItem(LOCAL_ONLY_KEY);
}
function localOnlyDefault(serverDefault: boolean | undefined): boolean {
  const mine = localStorage.getItem(LOCAL_ONLY_KEY);
  return mine === 'true' ? true : mine === 'false' ? false : !!serverDefault;
}

const EXPIRY_CHOICES = [0, 3600, 86400, 604800];
const POLL_DURATIONS = [300, 3600, 86400, 259200, 604800];

export function Compose({ replyTo, onPosted, autoFocus }: { replyTo?: Status; onPosted?(s: Status): void; autoFocus?: boolean }) {
  const { instance, me } = useApp();
  const max = instance?.configuration.statuses.max_characters ?? 500;
  const mentionPrefix = replyTo
    ? [replyTo.account, ...replyTo.mentions].filter((a) => a.id !== me?.id)
      .map((a) => `@${a.acct} `).filter((v, i, arr) => arr.indexOf(v) === i).join('') : '';
  const [text, setText] = useState(mentionPrefix);
  const [cwOn, setCwOn] = useState(!!replyTo?.spoiler_text);
  const [cw, setCw] = useState(replyTo?.spoiler_text || '');
  const defaultVis = replyTo ? (replyTo.visibility === 'public' ? 'public' : replyTo.visibility) : (me?.source?.privacy || 'public');
  const [visibility, setVisibility] = useState(defaultVis);
  const [localOnly, setLocalOnly] = useState(replyTo ? !!replyTo.local_only : localOnlyDefault(instance?.parloir?.local_only_default));
  const [localOnlyTouched, setLocalOnlyTouched] = useState(!!replyTo);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [uploading, setUploading] = useState(false);
  const [pollOn, setPollOn] = useState(false);
  const [options, setOptions] = useState(['', '']);
  const [pollMultiple, setPollMultiple] = useState(false);
  const [pollDuration, setPollDuration] = useState(86400);
  const [scheduleOn, setScheduleOn] = useState(false);
  const [scheduledAt, setScheduledAt] = useState('');
  const [expiresIn, setExpiresIn] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const uid = useRef(`c${Math.random().toString(36).slice(2, 8)}`).current;

  const remaining = max - statusLength(text, cwOn ? cw : '');
  const maxMedia = instance?.configuration.statuses.max_media_attachments ?? 4;
  const empty = text.trim() === '' && uploads.length === 0;

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    setUploading(true); setError('');
    try {
      for (const f of Array.from(files).slice(0, maxMedia - uploads.length)) {
        const form = new FormData();
        form.append('file', f);
        const m = await post<Attachment>('/api/v2/media', form);
        setUploads((u) => [...u, { id: m.id, preview: m.preview_url || m.url, description: '', name: f.name }]);
      }
    } catch (e) { setError((e as ApiError).message); }
    setUploading(false);
    if (fileRef.current) fileRef.current.value = '';
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || remaining < 0 || empty) return;
    setBusy(true); setError(''); setNotice('');
    try {
      // alt text: PUT /api/v1/media/:id (description)
      await Promise.all(uploads.filter((u) => u.description).map((u) => put(`/api/v1/media/${u.id}`, { description: u.description })));
      const body: Record<string, unknown> = { status: text, visibility };
      // Said explicitly whenever the box reflects a known default or a choice; otherwise (a server
      // that does not publish its default, box untouched) the server's own default applies.
      if (localOnly || localOnlyTouched || instance?.parloir?.local_only_default !== undefined || localStorage.getItem(LOCAL_ONLY_KEY)) {
        body.local_only = localOnly;
      }
      if (cwOn && cw) { body.spoiler_text = cw; body.sensitive = true; }
      if (replyTo) body.in_reply_to_id = replyTo.id;
      if (uploads.length) body.media_ids = uploads.map((u) => u.id);
      if (pollOn) body.poll = { options: options.filter((o) => o.trim()), expires_in: pollDuration, multiple: pollMultiple };
      if (scheduleOn && scheduledAt) body.scheduled_at = new Date(scheduledAt).toISOString();
      if (expiresIn) body.expires_in = expiresIn;
      const r = await fetch('/api/v1/statuses', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${getToken()}`, 'Idempotency-Key': idempotencyKey() },
        body: JSON.stringify(body),
      });
      const data = await r.json().catch(() => ({}));
      if (!r.ok) throw new ApiError(r.status, data.error || `HTTP ${r.status}`);
      setText(''); setCw(''); setCwOn(false); setUploads([]); setPollOn(false); setOptions(['', '']);
      setScheduleOn(false); setScheduledAt(''); setExpiresIn(0);
      if (data.scheduled_at && !data.content) setNotice(t('Scheduled.'));
      else { setNotice(t('Posted.')); onPosted?.(data as Status); }
    } catch (err) { setError((err as ApiError).message); }
    setBusy(false);
  };

  return (
    <form class="compose" onSubmit={submit} aria-label={replyTo ? t('Reply') : t('New post')}>
      {cwOn && (
        <>
          <label for={`${uid}-cw`} class="sr-only">{t('Content warning')}</label>
          <input id={`${uid}-cw`} type="text" value={cw} placeholder={t('Content warning')} onInput={(e) => setCw((e.target as HTMLInputElement).value)} />
        </>
      )}
      <label for={`${uid}-text`} class="sr-only">{replyTo ? t('Your reply') : t('What is on your mind?')}</label>
      <textarea id={`${uid}-text`} rows={4} value={text} autoFocus={autoFocus}
        placeholder={replyTo ? t('Your reply') : t('What is on your mind?')}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e); }} />
      {uploads.length > 0 && (
        <ul class="uploads">
          {uploads.map((u, i) => (
            <li key={u.id}>
              <img src={u.preview} alt="" width={64} height={64} />
              <label>
                {t('Alt text for {name}', { name: u.name })}
                <input type="text" maxLength={1500} value={u.description}
                  onInput={(e) => { const v = (e.target as HTMLInputElement).value; setUploads((all) => all.map((x, j) => (j === i ? { ...x, description: v } : x))); }} />
              </label>
              <button type="button" onClick={() => setUploads((all) => all.filter((_, j) => j !== i))}>{t('Remove')}</button>
            </li>
          ))}
        </ul>
      )}
      {pollOn && (
        <fieldset class="poll-edit">
          <legend>{t('Poll')}</legend>
          {options.map((o, i) => (
            <label key={i}>{t('Option {n}', { n: i + 1 })}
              <input type="text" value={o} maxLength={50}
                onInput={(e) => { const v = (e.target as HTMLInputElement).value; setOptions((all) => all.map((x, j) => (j === i ? v : x))); }} />
            </label>
          ))}
          <div class="row">
            {options.length < (instance?.configuration.polls.max_options ?? 4) && <button type="button" onClick={() => setOptions([...options, ''])}>{t('Add option')}</button>}
            {options.length > 2 && <button type="button" onClick={() => setOptions(options.slice(0, -1))}>{t('Remove option')}</button>}
            <label><input type="checkbox" checked={pollMultiple} onChange={(e) => setPollMultiple((e.target as HTMLInputElement).checked)} /> {t('Multiple choices')}</label>
            <label>{t('Duration')}{' '}
              <select value={pollDuration} onChange={(e) => setPollDuration(Number((e.target as HTMLSelectElement).value))}>
                {POLL_DURATIONS.map((d) => <option key={d} value={d}>{duration(d)}</option>)}
              </select>
            </label>
          </div>
        </fieldset>
      )}
      {scheduleOn && (
        <label>{t('Publish at')}{' '}
          <input type="datetime-local" value={scheduledAt} onInput={(e) => setScheduledAt((e.target as HTMLInputElement).value)} />
        </label>
      )}
      <div class="compose-tools row">
        <input ref={fileRef} id={`${uid}-file`} class="sr-only" type="file" multiple accept="image/*,video/*,audio/*"
          disabled={uploads.length >= maxMedia || pollOn} onChange={(e) => addFiles((e.target as HTMLInputElement).files)} />
        <label for={`${uid}-file`} class="button" title={t('Add media')}><Icon name="image" /><span class="sr-only">{t('Add media')}</span></label>
        <button type="button" aria-pressed={pollOn} title={t('Poll')} disabled={uploads.length > 0} onClick={() => setPollOn(!pollOn)}><Icon name="poll" /><span class="sr-only">{t('Poll')}</span></button>
        <button type="button" aria-pressed={cwOn} title={t('Content warning')} onClick={() => setCwOn(!cwOn)}>CW<span class="sr-only">{t('Content warning')}</span></button>
        <button type="button" aria-pressed={scheduleOn} title={t('Schedule')} onClick={() => setScheduleOn(!scheduleOn)}><Icon name="clock" /><span class="sr-only">{t('Schedule')}</span></button>
        <label class="sr-only" for={`${uid}-vis`}>{t('Visibility')}</label>
        <select id={`${uid}-vis`} value={visibility} onChange={(e) => setVisibility((e.target as HTMLSelectElement).value)}>
          {['public', 'unlisted', 'private', 'direct'].map((v) => <option key={v} value={v}>{t(`visibility.${v}`)}</option>)}
        </select>
        <label><input type="checkbox" checked={localOnly} onChange={(e) => { setLocalOnly((e.target as HTMLInputElement).checked); setLocalOnlyTouched(true); }} /> {t('Local only')}</label>
        <label>{t('Expires')}{' '}
          <select value={expiresIn} onChange={(e) => setExpiresIn(Number((e.target as HTMLSelectElement).value))}>
            {EXPIRY_CHOICES.map((d) => <option key={d} value={d}>{d ? duration(d) : t('Never')}</option>)}
          </select>
        </label>
      </div>
      <div class="row compose-submit">
        <span class={`counter${remaining < 0 ? ' over' : ''}`} aria-live="polite" aria-label={t('{n} characters left', { n: remaining })} data-testid="counter">{remaining}</span>
        <button type="submit" class="primary" disabled={busy || uploading || remaining < 0 || empty}>
          {scheduleOn && scheduledAt ? t('Schedule') : replyTo ? t('Reply') : t('Publish')}
        </button>
      </div>
      {uploading && <p class="muted" aria-live="polite">{t('Uploading…')}</p>}
      {error && <p role="alert" class="error">{error}</p>}
      {notice && <p role="status" class="muted">{notice}</p>}
    </form>
  );
}

function duration(s: number): string {
  if (s % 86400 === 0) return t('{n} d', { n: s / 86400 });
  if (s % 3600 === 0) return t('{n} h', { n: s / 3600 });
  return t('{n} min', { n: s / 60 });
}
