// One status: author, time, content warning, content, media with alt text, poll, and the
// reply / boost / favourite / bookmark / delete / report actions.
import { useState } from 'preact/hooks';
import { post, del, ApiError } from '../api';
import { t } from '../i18n';
import { navigate } from '../router';
import { useApp } from '../state';
import type { Poll, Status } from '../types';
import { displayName, relTime } from '../util';
import { Icon } from './icon';
import { ReportDialog } from './report';

export function Avatar({ src, size = 46 }: { src: string; size?: number }) {
  return <img class="avatar" src={src} alt="" width={size} height={size} loading="lazy" />;
}

function PollView({ poll, onChange }: { poll: Poll; onChange(p: Poll): void }) {
  const [chosen, setChosen] = useState<number[]>([]);
  const showResults = poll.expired || poll.voted;
  const total = poll.votes_count || 0;
  const vote = async (e: Event) => {
    e.preventDefault();
    onChange(await post<Poll>(`/api/v1/polls/${poll.id}/votes`, { choices: chosen.map(String) }));
  };
  return (
    <form class="poll" onSubmit={vote}>
      {poll.options.map((o, i) => showResults ? (
        <div class="poll-result" key={i}>
          <span>{o.title}</span>
          <span>{o.votes_count == null ? '' : `${total ? Math.round((o.votes_count / total) * 100) : 0}%`}</span>
        </div>
      ) : (
        <label key={i} class="poll-option">
          <input type={poll.multiple ? 'checkbox' : 'radio'} name={`poll-${poll.id}`} checked={chosen.includes(i)}
            onChange={() => setChosen(poll.multiple ? (chosen.includes(i) ? chosen.filter((c) => c !== i) : [...chosen, i]) : [i])} />
          {o.title}
        </label>
      ))}
      <div class="muted">
        {t('{n} votes', { n: total })}{poll.expired ? ` · ${t('Closed')}` : ''}
        {!showResults && <button type="submit" disabled={!chosen.length}>{t('Vote')}</button>}
      </div>
    </form>
  );
}

export function StatusCard({ status, onChange, onDelete, focused }: {
  status: Status; onChange?(s: Status): void; onDelete?(id: string): void; focused?: boolean;
}) {
  const { me } = useApp();
  const [error, setError] = useState('');
  const [showCw, setShowCw] = useState(false);
  const [reporting, setReporting] = useState(false);
  const boostedBy = status.reblog ? status.account : null;
  const s = status.reblog || status;
  const update = (next: Status) => {
    onChange?.(status.reblog ? { ...status, reblog: next } : next);
  };
  const act = async (path: string, undo: string, on: boolean | undefined) => {
    setError('');
    try { update(await post<Status>(`/api/v1/statuses/${s.id}/${on ? undo : path}`)); }
    catch (e) { setError((e as ApiError).message); }
  };
  const remove = async () => {
    if (!confirm(t('Delete this post?'))) return;
    try { await del(`/api/v1/statuses/${s.id}`); onDelete?.(status.id); }
    catch (e) { setError((e as ApiError).message); }
  };
  // Mentions and hashtags in the server-rendered content open in the app.
  const onContentClick = (e: MouseEvent) => {
    const a = (e.target as Element).closest('a');
    if (!a) return;
    const href = a.getAttribute('href') || '';
    const mention = s.mentions.find((m) => href && (a.classList.contains('mention') || a.closest('.h-card')) && href.endsWith(`/@${m.username}`));
    if (mention) { e.preventDefault(); navigate(`/accounts/${mention.id}`); return; }
    if (a.classList.contains('hashtag')) {
      const tag = /\/tags\/([^/?#]+)/.exec(href);
      if (tag) { e.preventDefault(); navigate(`/tags/${decodeURIComponent(tag[1])}`); }
    }
  };
  const [showFiltered, setShowFiltered] = useState(false);
  const warn = (s.filtered || []).filter((f) => f.filter.filter_action === 'warn');
  if (warn.length && !showFiltered) {
    return (
      <article class="status filtered" aria-label={t('Filtered post')}>
        <span class="muted">{t('Filtered: {title}', { title: warn.map((f) => f.filter.title).join(', ') })}</span>{' '}
        <button type="button" class="link" onClick={() => setShowFiltered(true)}>{t('Show anyway')}</button>
      </article>
    );
  }
  const hidden = !!s.spoiler_text && !showCw;
  return (
    <article class={`status${focused ? ' focused' : ''}`} aria-label={`${displayName(s.account)}: ${s.spoiler_text || ''}`} data-id={s.id}>
      {boostedBy && <div class="muted boosted"><Icon name="boost" /> {t('{name} boosted', { name: displayName(boostedBy) })}</div>}
      <header class="status-head">
        <a href={`/accounts/${s.account.id}`}><Avatar src={s.account.avatar} /></a>
        <div class="who">
          <a href={`/accounts/${s.account.id}`} class="name">{displayName(s.account)}</a>
          <span class="muted acct">@{s.account.acct}</span>
        </div>
        <a class="muted time" href={`/statuses/${s.id}`}><time dateTime={s.created_at}>{relTime(s.created_at)}</time></a>
      </header>
      {s.in_reply_to_id && !focused && <div class="muted"><a href={`/statuses/${s.in_reply_to_id}`}>{t('In reply')}</a></div>}
      {s.spoiler_text && (
        <p class="cw">
          <span>{s.spoiler_text}</span>{' '}
          <button type="button" class="link" aria-expanded={showCw} onClick={() => setShowCw(!showCw)}>{showCw ? t('Show less') : t('Show more')}</button>
        </p>
      )}
      {!hidden && <div class="content" lang={s.language || undefined} onClick={onContentClick} dangerouslySetInnerHTML={{ __html: s.content }} />}
      {!hidden && s.media_attachments.length > 0 && (
        <div class={`media n${s.media_attachments.length}`}>
          {s.media_attachments.map((m) => m.type === 'image' || m.type === 'gifv' && !m.url.endsWith('.mp4') ? (
            <a key={m.id} href={m.url} target="_blank" rel="noopener"><img src={m.preview_url || m.url} alt={m.description || ''} title={m.description || ''} loading="lazy" /></a>
          ) : m.type === 'audio' ? (
            <audio key={m.id} src={m.url} controls aria-label={m.description || ''} />
          ) : (
            <video key={m.id} src={m.url} controls muted={m.type === 'gifv'} loop={m.type === 'gifv'} aria-label={m.description || ''} />
          ))}
        </div>
      )}
      {!hidden && s.poll && <PollView poll={s.poll} onChange={(p) => update({ ...s, poll: p })} />}
      <div class="muted small">
        {s.visibility !== 'public' && <span>{t(`visibility.${s.visibility}`)} </span>}
        {s.local_only && <span>· {t('Local only')}</span>}
      </div>
      <footer class="actions">
        <button type="button" onClick={() => navigate(`/statuses/${s.id}?reply=1`)} aria-label={t('Reply')} title={t('Reply')}>
          <Icon name="reply" /> <span>{s.replies_count}</span>
        </button>
        <button type="button" aria-pressed={!!s.reblogged} aria-label={t('Boost')} title={t('Boost')}
          disabled={s.visibility === 'private' || s.visibility === 'direct'} onClick={() => act('reblog', 'unreblog', s.reblogged)}>
          <Icon name="boost" /> <span>{s.reblogs_count}</span>
        </button>
        <button type="button" aria-pressed={!!s.favourited} aria-label={t('Favourite')} title={t('Favourite')} onClick={() => act('favourite', 'unfavourite', s.favourited)}>
          <Icon name="star" filled={!!s.favourited} /> <span>{s.favourites_count}</span>
        </button>
        <button type="button" aria-pressed={!!s.bookmarked} aria-label={t('Bookmark')} title={t('Bookmark')} onClick={() => act('bookmark', 'unbookmark', s.bookmarked)}>
          <Icon name="bookmark" filled={!!s.bookmarked} />
        </button>
        {me && me.id === s.account.id && (
          <button type="button" aria-label={t('Delete')} title={t('Delete')} onClick={remove}><Icon name="trash" /></button>
        )}
        {me && me.id !== s.account.id && (
          <button type="button" aria-label={t('Report')} title={t('Report')} aria-haspopup="dialog" onClick={() => setReporting(true)}><Icon name="flag" /></button>
        )}
      </footer>
      {reporting && <ReportDialog account={s.account} status={s} onClose={() => setReporting(false)} />}
      {error && <p role="alert" class="error">{error}</p>}
    </article>
  );
}
