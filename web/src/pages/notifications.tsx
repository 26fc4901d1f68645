// Notifications, live: new ones arrive through the user stream (the app counts unread ones;
// opening this page saves the notifications marker and clears the count).
import { useEffect, useState } from 'preact/hooks';
import { request, post, ApiError } from '../api';
import { StatusCard, Avatar } from '../components/status';
import { t } from '../i18n';
import { useApp } from '../state';
import { subscribe } from '../stream';
import type { Notification } from '../types';
import { displayName, relTime } from '../util';

const LABELS: Record<string, string> = {
  mention: '{name} mentioned you', favourite: '{name} favourited your post', reblog: '{name} boosted your post',
  follow: '{name} followed you', follow_request: '{name} asked to follow you', poll: 'A poll has ended',
  status: '{name} posted', update: '{name} edited a post', 'admin.sign_up': '{name} signed up',
  'admin.report': '{name} filed a report',
};

export function Notifications() {
  const { clearUnread } = useApp();
  const [items, setItems] = useState<Notification[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);

  const markRead = (list: Notification[]) => {
    clearUnread();
    if (list.length) post('/api/v1/markers', { notifications: { last_read_id: list[0].id } }).catch(() => undefined);
  };

  useEffect(() => {
    request<Notification[]>('GET', '/api/v1/notifications', undefined, { query: { limit: 30 } })
      .then((p) => { setItems(p.items); setNext(p.next); setLoading(false); markRead(p.items); })
      .catch((e: ApiError) => { setError(e.message); setLoading(false); });
    return subscribe('user', (ev) => {
      if (ev.event !== 'notification') return;
      const n = ev.payload as Notification;
      setItems((cur) => {
        const list = cur.some((x) => x.id === n.id) ? cur : [n, ...cur];
        markRead(list);
        return list;
      });
    });
  }, []);

  const more = async () => {
    if (!next) return;
    const p = await request<Notification[]>('GET', next);
    setItems((cur) => [...cur, ...p.items]);
    setNext(p.items.length ? p.next : null);
  };
  const clear = async () => { await post('/api/v1/notifications/clear'); setItems([]); };

  return (
    <>
      <div class="row spread"><h1>{t('Notifications')}</h1>{items.length > 0 && <button type="button" onClick={clear}>{t('Clear')}</button>}</div>
      {error && <p role="alert" class="error">{error}</p>}
      {loading && <p class="muted">{t('Loading…')}</p>}
      {!loading && !items.length && <p class="muted">{t('No notifications.')}</p>}
      <ul class="plain notifications" aria-live="polite">
        {items.map((n) => (
          <li key={n.id} class={`notification n-${n.type}`}>
            <p class="row">
              <a href={`/accounts/${n.account.id}`}><Avatar src={n.account.avatar} size={32} /></a>
              <span>{t(LABELS[n.type] || n.type, { name: displayName(n.account) })}</span>
              <span class="muted">{relTime(n.created_at)}</span>
            </p>
            {n.type === 'follow_request' && <p><a href="/follow_requests">{t('Follow requests')}</a></p>}
            {n.status && n.type !== 'mention' && <blockquote class="muted" dangerouslySetInnerHTML={{ __html: n.status.content }} />}
            {n.status && n.type === 'mention' && <StatusCard status={n.status} />}
          </li>
        ))}
      </ul>
      {next && items.length > 0 && <button type="button" class="more" onClick={more}>{t('Load more')}</button>}
    </>
  );
}
