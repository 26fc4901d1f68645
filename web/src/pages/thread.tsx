// A status with its thread (ancestors, the status, descendants) and a reply form.
import { useEffect, useState } from 'preact/hooks';
import { get, ApiError } from '../api';
import { Compose } from '../components/compose';
import { StatusCard } from '../components/status';
import { t } from '../i18n';
import type { Status } from '../types';

export function Thread({ id, reply }: { id: string; reply: boolean }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [ancestors, setAncestors] = useState<Status[]>([]);
  const [descendants, setDescendants] = useState<Status[]>([]);
  const [error, setError] = useState('');
  const load = () => {
    Promise.all([get<Status>(`/api/v1/statuses/${id}`), get<{ ancestors: Status[]; descendants: Status[] }>(`/api/v1/statuses/${id}/context`)])
      .then(([s, c]) => { setStatus(s); setAncestors(c.ancestors); setDescendants(c.descendants); })
      .catch((e: ApiError) => setError(e.message));
  };
  useEffect(load, [id]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!status) return <p class="muted">{t('Loading…')}</p>;
  return (
    <>
      <h1>{t('Post')}</h1>
      {ancestors.map((s) => <StatusCard key={s.id} status={s} />)}
      <StatusCard status={status} focused onChange={setStatus} />
      <Compose key={status.id} replyTo={status} autoFocus={reply} onPosted={(s) => setDescendants((d) => [...d, s])} />
      <section aria-label={t('Replies')}>
        {descendants.map((s) => <StatusCard key={s.id} status={s} />)}
      </section>
    </>
  );
}
