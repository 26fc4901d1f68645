// A paged list of statuses loaded from `path`, kept live through a streaming subscription:
// new posts wait in a buffer announced at the top ("N new posts") so nothing moves under the
// reader; deletes and edits apply in place. Marks "first-timeline" the first time it renders posts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { request, ApiError } from '../api';
import { t, tn } from '../i18n';
import { subscribe } from '../stream';
import type { Status } from '../types';
import { StatusCard } from './status';

let firstTimelineMarked = false;

export function Timeline({ path, query, stream, streamTag, streamList, empty }: {
  path: string; query?: Record<string, string | boolean>; stream?: string; streamTag?: string;
  streamList?: string; empty?: string;
}) {
  const [items, setItems] = useState<Status[]>([]);
  const [pending, setPending] = useState<Status[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const key = `${path}?${JSON.stringify(query || {})}|${stream}|${streamTag}|${streamList}`;

  useEffect(() => {
    let alive = true;
    setItems([]); setPending([]); setNext(null); setLoading(true); setError('');
    request<Status[]>('GET', path, undefined, { query: { limit: 20, ...query } }).then((page) => {
      if (!alive) return;
      setItems(page.items); setNext(page.next); setLoading(false);
    }).catch((e: ApiError) => { if (alive) { setError(e.message); setLoading(false); } });
    if (!stream) return () => { alive = false; };
    const off = subscribe(stream, (ev) => {
      if (ev.event === 'update') {
        const s = ev.payload as Status;
        setPending((p) => (p.some((x) => x.id === s.id) ? p : [s, ...p]));
      } else if (ev.event === 'delete') {
        const id = String(ev.payload);
        const keep = (list: Status[]) => list.filter((x) => x.id !== id && x.reblog?.id !== id);
        setItems(keep); setPending(keep);
      } else if (ev.event === 'status.update') {
        const s = ev.payload as Status;
        const swap = (list: Status[]) => list.map((x) => (x.id === s.id ? s : x.reblog?.id === s.id ? { ...x, reblog: s } : x));
        setItems(swap); setPending(swap);
      }
    }, { tag: streamTag, list: streamList });
    return () => { alive = false; off(); };
  }, [key]);

  useEffect(() => {
    if (!firstTimelineMarked && items.length > 0) {
      firstTimelineMarked = true;
      performance.mark('parloir:first-timeline');
      (window as any).__parloirFirstTimeline = performance.now();
    }
  }, [items]);

  const showPending = () => {
    setItems((cur) => {
      const seen = new Set(cur.map((x) => x.id));
      return [...pending.filter((x) => !seen.has(x.id)), ...cur];
    });
    setPending([]);
    window.scrollTo(0, 0);
    // focus the newest post so keyboard and screen-reader users land on it
    requestAnimationFrame(() => (listRef.current?.querySelector('article a.time') as HTMLElement | null)?.focus());
  };

  const more = async () => {
    if (!next) return;
    try {
      const page = await request<Status[]>('GET', next);
      setItems((cur) => [...cur, ...page.items.filter((s) => !cur.some((c) => c.id === s.id))]);
      setNext(page.items.length ? page.next : null);
    } catch (e) { setError((e as ApiError).message); }
  };

  const change = (s: Status) => setItems((cur) => cur.map((x) => (x.id === s.id ? s : x)));
  const remove = (id: string) => setItems((cur) => cur.filter((x) => x.id !== id));

  return (
    <div class="timeline" ref={listRef}>
      {pending.length > 0 && (
        <button type="button" class="new-posts" onClick={showPending}>
          {tn('{n} new post', '{n} new posts', pending.length)}
        </button>
      )}
      {error && <p role="alert" class="error">{error}</p>}
      {loading && <p class="muted" aria-busy="true">{t('Loading…')}</p>}
      {!loading && !error && items.length === 0 && <p class="muted">{empty || t('Nothing here yet.')}</p>}
      {items.map((s) => <StatusCard key={s.id} status={s} onChange={change} onDelete={remove} />)}
      {next && items.length > 0 && <button type="button" class="more" onClick={more}>{t('Load more')}</button>}
    </div>
  );
}
