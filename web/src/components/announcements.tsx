// The announcements banner: active, not yet dismissed announcements with their reactions
// (toggle, add one of a few emoji) and a dismiss button; kept live by the user stream's
// announcement / announcement.reaction / announcement.delete events.
import { useEffect, useState } from 'preact/hooks';
import { get, post, put, del } from '../api';
import { t } from '../i18n';
import { subscribe } from '../stream';
import type { Announcement } from '../types';

const QUICK = ['👍', '❤️', '🎉', '😂'];

export function Announcements() {
  const [items, setItems] = useState<Announcement[]>([]);
  useEffect(() => {
    get<Announcement[]>('/api/v1/announcements').then((a) => setItems(a.filter((x) => !x.read))).catch(() => undefined);
    return subscribe('user', (ev) => {
      if (ev.event === 'announcement') {
        const a = ev.payload as Announcement;
        setItems((cur) => [a, ...cur.filter((x) => x.id !== a.id)]);
      } else if (ev.event === 'announcement.delete') {
        setItems((cur) => cur.filter((x) => x.id !== String(ev.payload)));
      } else if (ev.event === 'announcement.reaction') {
        const r = ev.payload as { announcement_id: string; name: string; count: number };
        setItems((cur) => cur.map((a) => a.id !== r.announcement_id ? a : {
          ...a,
          reactions: a.reactions.some((x) => x.name === r.name)
            ? a.reactions.map((x) => (x.name === r.name ? { ...x, count: r.count } : x)).filter((x) => x.count > 0)
            : [...a.reactions, { name: r.name, count: r.count, me: false }],
        }));
      }
    });
  }, []);
  if (!items.length) return null;

  const react = async (a: Announcement, name: string, mine: boolean) => {
    const path = `/api/v1/announcements/${a.id}/reactions/${encodeURIComponent(name)}`;
    if (mine) await del(path); else await put(path);
    // why: the stream's announcement.reaction may arrive before or after this answer; the
    // server's list is the truth for counts and `me`.
    const fresh = await get<Announcement[]>('/api/v1/announcements');
    setItems((cur) => cur.map((x) => fresh.find((f) => f.id === x.id) || x));
  };
  const dismiss = async (a: Announcement) => {
    await post(`/api/v1/announcements/${a.id}/dismiss`);
    setItems((cur) => cur.filter((x) => x.id !== a.id));
  };

  return (
    <section class="announcements" aria-label={t('Announcements')}>
      {items.map((a) => (
        <div class="announcement" key={a.id} role="region" aria-label={t('Announcement')}>
          <div class="content" dangerouslySetInnerHTML={{ __html: a.content }} />
          <div class="row reactions">
            {a.reactions.map((r) => (
              <button type="button" key={r.name} aria-pressed={r.me} onClick={() => react(a, r.name, r.me)}>{r.name} {r.count}</button>
            ))}
            {QUICK.filter((q) => !a.reactions.some((r) => r.name === q)).map((q) => (
              <button type="button" key={q} class="ghost" aria-label={t('React with {e}', { e: q })} onClick={() => react(a, q, false)}>{q}</button>
            ))}
            <button type="button" class="dismiss" onClick={() => dismiss(a)}>{t('Dismiss')}</button>
          </div>
        </div>
      ))}
    </section>
  );
}
