// Search, direct messages (conversations), lists and their members.
import { useEffect, useState } from 'preact/hooks';
import { get, post, del, request, ApiError } from '../api';
import { Avatar, StatusCard } from '../components/status';
import { t, tn } from '../i18n';
import { subscribe } from '../stream';
import { navigate } from '../router';
import { useApp } from '../state';
import type { Account, Conversation, List, Status, Tag } from '../types';
import { displayName } from '../util';

export function Search({ q }: { q: string }) {
  const [query, setQuery] = useState(q);
  const [res, setRes] = useState<{ accounts: Account[]; statuses: Status[]; hashtags: Tag[] } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setQuery(q);
    if (!q) { setRes(null); return; }
    get<{ accounts: Account[]; statuses: Status[]; hashtags: Tag[] }>('/api/v2/search', { q, resolve: true, limit: 20 })
      .then(setRes).catch((e: ApiError) => setError(e.message));
  }, [q]);
  return (
    <>
      <h1>{t('Search')}</h1>
      <form role="search" class="row" onSubmit={(e) => { e.preventDefault(); navigate(`/search?q=${encodeURIComponent(query)}`); }}>
        <label class="sr-only" for="search-q">{t('Search')}</label>
        <input id="search-q" type="search" value={query} placeholder={t('People, hashtags, posts')} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <button type="submit">{t('Search')}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {res && (
        <>
          <h2>{t('People')}</h2>
          {!res.accounts.length && <p class="muted">{t('No results.')}</p>}
          <ul class="plain">{res.accounts.map((a) => <li key={a.id} class="row"><Avatar src={a.avatar} size={32} /><a href={`/accounts/${a.id}`}>{displayName(a)}</a><span class="muted">@{a.acct}</span></li>)}</ul>
          <h2>{t('Hashtags')}</h2>
          <ul class="plain">{res.hashtags.map((h) => <li key={h.name}><a href={`/tags/${encodeURIComponent(h.name)}`}>#{h.name}</a></li>)}</ul>
          <h2>{t('Posts')}</h2>
          {res.statuses.map((s) => <StatusCard key={s.id} status={s} />)}
        </>
      )}
    </>
  );
}

// Conversations, live: the `direct` stream's `conversation` event carries the updated
// conversation (it moves to the top, marked unread); an `update` there (older servers) refetches.
// Opening one marks it read (POST /api/v1/conversations/:id/read) and shows its thread.
export function Direct() {
  const { dmRead } = useApp();
  const [items, setItems] = useState<Conversation[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  useEffect(() => {
    let alive = true;
    const load = () => get<Conversation[]>('/api/v1/conversations', { limit: 40 })
      .then((c) => { if (alive) { setItems(c); setLoading(false); } })
      .catch((e: ApiError) => { if (alive) { setError(e.message); setLoading(false); } });
    load();
    const off = subscribe('direct', (ev) => {
      if (ev.event === 'conversation' && ev.payload?.id) {
        const c = ev.payload as Conversation;
        setItems((cur) => [c, ...cur.filter((x) => x.id !== c.id)]);
      } else if (ev.event === 'update') load();
      else if (ev.event === 'delete') {
        const id = String(ev.payload);
        setItems((cur) => { if (cur.some((c) => c.last_status?.id === id)) load(); return cur; });
      }
    });
    return () => { alive = false; off(); };
  }, []);
  const open = async (c: Conversation) => {
    if (c.unread) {
      setItems((cur) => cur.map((x) => (x.id === c.id ? { ...x, unread: false } : x)));
      dmRead(c.id);
      await post(`/api/v1/conversations/${c.id}/read`).catch(() => undefined);
    }
    if (c.last_status) navigate(`/statuses/${c.last_status.id}`);
  };
  const unread = items.filter((c) => c.unread).length;
  return (
    <>
      <h1>{t('Direct messages')}</h1>
      <p class="muted">{t('Write a post with the visibility “Mentioned people only” to start a conversation.')}</p>
      {unread > 0 && <p class="muted" data-testid="dm-unread">{tn('{n} unread conversation', '{n} unread conversations', unread)}</p>}
      {loading && <p class="muted">{t('Loading…')}</p>}
      {error && <p role="alert" class="error">{error}</p>}
      {!loading && !items.length && <p class="muted">{t('No conversations.')}</p>}
      <ul class="plain conversations">
        {items.map((c) => c.last_status && (
          <li key={c.id} class={`conversation${c.unread ? ' unread' : ''}`} data-conversation={c.id} data-unread={c.unread ? 'true' : 'false'}>
            <p class="row spread">
              <span>{c.unread && <span class="badge">{t('Unread')}</span>} {c.accounts.map(displayName).join(', ') || t('Only you')}</span>
              <button type="button" class="link" onClick={() => open(c)}>{t('Open conversation')}<span class="sr-only"> {c.accounts.map(displayName).join(', ')}</span></button>
            </p>
            <StatusCard status={c.last_status} onChange={(s) => setItems((cur) => cur.map((x) => (x.id === c.id ? { ...x, last_status: s } : x)))} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function Lists() {
  const [lists, setLists] = useState<List[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  useEffect(() => { get<List[]>('/api/v1/lists').then(setLists).catch(() => undefined); }, []);
  const create = async (e: Event) => {
    e.preventDefault();
    try { const l = await post<List>('/api/v1/lists', { title }); setLists([...lists, l]); setTitle(''); }
    catch (err) { setError((err as ApiError).message); }
  };
  const remove = async (l: List) => {
    if (!confirm(t('Delete this list?'))) return;
    await del(`/api/v1/lists/${l.id}`); setLists(lists.filter((x) => x.id !== l.id));
  };
  return (
    <>
      <h1>{t('Lists')}</h1>
      <ul class="plain">
        {lists.map((l) => <li key={l.id} class="row spread"><a href={`/lists/${l.id}`}>{l.title}</a><button type="button" class="danger" onClick={() => remove(l)}>{t('Delete')}</button></li>)}
      </ul>
      <form class="row" onSubmit={create}>
        <label>{t('New list')} <input type="text" required value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} /></label>
        <button type="submit">{t('Create')}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
    </>
  );
}

export function ListMembers({ id }: { id: string }) {
  const [members, setMembers] = useState<Account[]>([]);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Account[]>([]);
  const [error, setError] = useState('');
  useEffect(() => { get<Account[]>(`/api/v1/lists/${id}/accounts`, { limit: 0 }).then(setMembers).catch(() => undefined); }, [id]);
  const search = async (e: Event) => {
    e.preventDefault();
    setFound(await get<Account[]>('/api/v1/accounts/search', { q, following: true, limit: 10 }));
  };
  const add = async (a: Account) => {
    try { await post(`/api/v1/lists/${id}/accounts`, { account_ids: [a.id] }); setMembers([...members, a]); }
    catch (err) { setError((err as ApiError).message); }
  };
  const remove = async (a: Account) => {
    await fetchDelete(`/api/v1/lists/${id}/accounts`, { account_ids: [a.id] });
    setMembers(members.filter((m) => m.id !== a.id));
  };
  return (
    <>
      <h1>{t('List members')}</h1>
      <ul class="plain">{members.map((a) => <li key={a.id} class="row"><a href={`/accounts/${a.id}`}>{displayName(a)}</a><button type="button" onClick={() => remove(a)}>{t('Remove')}</button></li>)}</ul>
      <form class="row" onSubmit={search}>
        <label>{t('Add people you follow')} <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} /></label>
        <button type="submit">{t('Search')}</button>
      </form>
      <ul class="plain">{found.filter((a) => !members.some((m) => m.id === a.id)).map((a) => <li key={a.id} class="row">{displayName(a)} <button type="button" onClick={() => add(a)}>{t('Add')}</button></li>)}</ul>
      {error && <p role="alert" class="error">{error}</p>}
      <p><a href={`/lists/${id}`}>{t('Back')}</a></p>
    </>
  );
}

function fetchDelete(path: string, body: unknown) { return request('DELETE', path, body); }
