// Home, local, federated, hashtag, list, bookmarks and favourites timelines.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { Announcements } from '../components/announcements';
import { Compose } from '../components/compose';
import { Timeline } from '../components/timeline';
import { t } from '../i18n';
import { useApp } from '../state';
import type { List } from '../types';

export function Home() {
  return (
    <>
      <h1>{t('Home')}</h1>
      <Announcements />
      <Compose />
      <Timeline path="/api/v1/timelines/home" stream="user" empty={t('Follow people to fill your home timeline.')} />
    </>
  );
}

export function Local() {
  return (<><h1>{t('Local')}</h1><Timeline path="/api/v1/timelines/public" query={{ local: true }} stream="public:local" /></>);
}

export function Federated() {
  const { federation } = useApp();
  if (!federation) return (<><h1>{t('Federated')}</h1><p class="muted">{t('Federation is off: this server talks to no other server.')} <a href="/local">{t('Local')}</a></p></>);
  return (<><h1>{t('Federated')}</h1><Timeline path="/api/v1/timelines/public" stream="public" /></>);
}

export function Hashtag({ tag }: { tag: string }) {
  return (<><h1>#{tag}</h1><Timeline path={`/api/v1/timelines/tag/${encodeURIComponent(tag)}`} stream="hashtag" streamTag={tag} /></>);
}

export function ListTimeline({ id }: { id: string }) {
  const [list, setList] = useState<List | null>(null);
  useEffect(() => { get<List>(`/api/v1/lists/${id}`).then(setList).catch(() => undefined); }, [id]);
  return (
    <>
      <h1>{list?.title || t('List')}</h1>
      <p><a href={`/lists/${id}/members`}>{t('Manage members')}</a></p>
      <Timeline path={`/api/v1/timelines/list/${id}`} stream="list" streamList={id} />
    </>
  );
}

export function Bookmarks() {
  return (<><h1>{t('Bookmarks')}</h1><Timeline path="/api/v1/bookmarks" /></>);
}

export function Favourites() {
  return (<><h1>{t('Favourites')}</h1><Timeline path="/api/v1/favourites" /></>);
}
