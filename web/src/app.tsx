// The app shell: loads the instance and the signed-in account, picks language and theme, keeps
// the unread-notification count live, lays out navigation + main column, and routes.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, getToken, loadInstance, setToken, verifyCredentials, request } from './api';
import { chooseLanguage, setLanguage, t, tn } from './i18n';
import { match, useLocation } from './router';
import { AppContext, AppState, isStaff, useApp } from './state';
import { subscribe, closeStream } from './stream';
import type { Account, Conversation, Instance, Notification } from './types';
import { Welcome, Callback, SignUp } from './pages/auth';
import { Home, Local, Federated, Hashtag, ListTimeline, Bookmarks, Favourites } from './pages/timelines';
import { Thread } from './pages/thread';
import { Notifications } from './pages/notifications';
import { Profile, FollowRequests, EditProfile } from './pages/profile';
import { Search, Direct, Lists, ListMembers } from './pages/misc';
import { Settings } from './pages/settings';

function applyTheme(theme: string) {
  document.documentElement.dataset.theme = theme;
}

export function App() {
  const path = useLocation();
  const [instance, setInstance] = useState<Instance | null>(null);
  const [me, setMe] = useState<Account | null>(null);
  const [ready, setReady] = useState(false);
  const [lang, setLangState] = useState('en');
  const [theme, setThemeState] = useState(localStorage.getItem('parloir.theme') || 'auto');
  const [unread, setUnread] = useState(0);
  const [dmUnread, setDmUnread] = useState<Set<string>>(new Set());
  const [federation, setFederation] = useState(true);
  const [, setTick] = useState(0);

  const refreshMe = async () => { if (getToken()) setMe(await verifyCredentials()); };

  useEffect(() => {
    applyTheme(theme);
    const onUnauthorized = () => { setToken(null); closeStream(); setMe(null); };
    window.addEventListener('parloir:unauthorized', onUnauthorized);
    (async () => {
      // why: both at once — the first timeline waits for them (measured in tests/web).
      const [inst, account] = await Promise.all([
        loadInstance().catch(() => null),
        getToken() ? verifyCredentials().catch(() => { setToken(null); return null; }) : Promise.resolve(null),
      ]);
      setInstance(inst);
      const l = chooseLanguage(inst?.languages || []);
      setLanguage(l); setLangState(l);
      setMe(account);
      setReady(true);
    })();
    return () => window.removeEventListener('parloir:unauthorized', onUnauthorized);
  }, []);

  // Unread notifications: those newer than the server-side marker, then live from the stream.
  useEffect(() => {
    if (!me) return;
    (async () => {
      try {
        const markers = await get<Record<string, { last_read_id: string }>>('/api/v1/markers', { timeline: ['notifications'] });
        const since = markers.notifications?.last_read_id;
        const list = (await request<Notification[]>('GET', '/api/v1/notifications', undefined, { query: { limit: 40, since_id: since } })).items;
        if (!location.pathname.startsWith('/notifications')) setUnread(list.length);
      } catch { /* no count */ }
    })();
    // The server says its federation mode in /api/v2/instance (`parloir.federation_mode`); an
    // older server does not, and then WebFinger answering 404 for our own account means "off".
    const mode = instance?.parloir?.federation_mode;
    if (mode) setFederation(mode !== 'off');
    else if (instance) {
      fetch(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:${me.username}@${instance.domain}`)}`)
        .then((r) => setFederation(r.status !== 404)).catch(() => undefined);
    }
    const offUser = subscribe('user', (ev) => {
      if (ev.event === 'notification' && !location.pathname.startsWith('/notifications')) setUnread((n) => n + 1);
    });
    // Unread direct conversations: the first page, then each `conversation` event (it carries
    // the conversation with its `unread`).
    get<Conversation[]>('/api/v1/conversations', { limit: 40 })
      .then((list) => setDmUnread(new Set(list.filter((c) => c.unread).map((c) => c.id)))).catch(() => undefined);
    const offDirect = subscribe('direct', (ev) => {
      if (ev.event !== 'conversation' || !ev.payload?.id) return;
      const c = ev.payload as Conversation;
      setDmUnread((cur) => {
        if (!!c.unread === cur.has(c.id)) return cur;
        const next = new Set(cur);
        if (c.unread) next.add(c.id); else next.delete(c.id);
        return next;
      });
    });
    return () => { offUser(); offDirect(); };
  }, [me?.id]);

  useEffect(() => { document.title = unread ? `(${unread}) ${instance?.title || 'Parloir'}` : instance?.title || 'Parloir'; }, [unread, instance]);

  const state: AppState = useMemo(() => ({
    instance, me, lang, theme, unread, federation, refreshMe,
    refreshInstance: async () => { setInstance(await loadInstance()); },
    dmUnread: dmUnread.size,
    dmRead: (id: string) => setDmUnread((cur) => { if (!cur.has(id)) return cur; const next = new Set(cur); next.delete(id); return next; }),
    federationMode: instance?.parloir?.federation_mode ?? null,
    setLang: (l: string) => { localStorage.setItem('parloir.lang', l); setLanguage(l); setLangState(l); setTick((x) => x + 1); },
    setTheme: (th: string) => { localStorage.setItem('parloir.theme', th); applyTheme(th); setThemeState(th); },
    clearUnread: () => setUnread(0),
  }), [instance, me, lang, theme, unread, federation, dmUnread]);

  useEffect(() => { document.getElementById('main')?.focus({ preventScroll: true }); }, [path.split('?')[0]]);

  if (!ready) return <p class="muted loading-app">…</p>;
  return (
    <AppContext.Provider value={state}>
      <a class="skip" href="#main">{t('Skip to content')}</a>
      <div class="layout">
        {me && <Nav path={path} />}
        <main id="main" tabIndex={-1}>{route(path, me)}</main>
      </div>
    </AppContext.Provider>
  );
}

function Nav({ path }: { path: string }) {
  const { me, unread, dmUnread, federation } = useApp();
  const link = (href: string, label: string, extra?: preact.ComponentChildren) => (
    <li><a href={href} aria-current={path.split('?')[0] === href || (href === '/admin' && path.startsWith('/admin/')) ? 'page' : undefined}>{label}{extra}</a></li>
  );
  return (
    <nav class="nav" aria-label={t('Main')}>
      <ul>
        {link('/', t('Home'))}
        {link('/notifications', t('Notifications'), unread > 0 ? <span class="badge" aria-label={t('{n} unread', { n: unread })} data-testid="unread">{unread}</span> : null)}
        {link('/local', t('Local'))}
        {federation && link('/federated', t('Federated'))}
        {link('/search', t('Search'))}
        {link('/direct', t('Direct messages'), dmUnread > 0 ? <span class="badge" aria-label={tn('{n} unread direct message', '{n} unread direct messages', dmUnread)} data-testid="dm-badge">{dmUnread}</span> : null)}
        {link('/bookmarks', t('Bookmarks'))}
        {link('/favourites', t('Favourites'))}
        {link('/lists', t('Lists'))}
        {me && link(`/accounts/${me.id}`, t('Profile'))}
        {link('/settings', t('Settings'))}
        {isStaff(me) && link('/admin', t('Administration'))}
      </ul>
    </nav>
  );
}


// The admin pages load on first use (their own chunk): most people never open them, so they are
// not part of the initial load.
function Admin({ section }: { section: string }) {
  const [page, setPage] = useState<{ Admin: (p: { section: string }) => preact.JSX.Element } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => { import('./pages/admin').then(setPage).catch(() => setFailed(true)); }, []);
  if (failed) return <p role="alert" class="error">{t('This page could not be loaded: reload to try again.')}</p>;
  return page ? <page.Admin section={section} /> : <p class="muted">{t('Loading…')}</p>;
}

function route(path: string, me: Account | null) {
  const p = path.split('?')[0];
  const q = new URLSearchParams(path.split('?')[1] || '');
  let m: Record<string, string> | null;
  if (p === '/callback') return <Callback />;
  if (p === '/signup') return <SignUp invite={q.get('invite') || ''} />;
  // Mastodon-style invite links: the server redirects /invite/CODE to /signup?invite=CODE; should
  // the app itself get /invite/CODE, it shows the same sign-up (and puts the canonical URL up).
  if ((m = match('/invite/:code', p))) return <SignUp invite={m.code} canonical />;
  if (!me) return <Welcome />;
  if (p === '/') return <Home />;
  if (p === '/local') return <Local />;
  if (p === '/federated') return <Federated />;
  if (p === '/notifications') return <Notifications />;
  if (p === '/search') return <Search q={q.get('q') || ''} />;
  if (p === '/bookmarks') return <Bookmarks />;
  if (p === '/favourites') return <Favourites />;
  if (p === '/direct') return <Direct />;
  if (p === '/lists') return <Lists />;
  if (p === '/settings') return <Settings />;
  if (p === '/settings/profile') return <EditProfile />;
  if (p === '/follow_requests') return <FollowRequests />;
  if (p === '/admin') return <Admin section="" />;
  if ((m = match('/admin/:section', p))) return <Admin section={m.section} />;
  if ((m = match('/tags/:tag', p))) return <Hashtag tag={m.tag} />;
  if ((m = match('/lists/:id', p))) return <ListTimeline id={m.id} />;
  if ((m = match('/lists/:id/members', p))) return <ListMembers id={m.id} />;
  if ((m = match('/statuses/:id', p))) return <Thread id={m.id} reply={q.get('reply') === '1'} />;
  if ((m = match('/accounts/:id', p))) return <Profile id={m.id} />;
  return <p>{t('Page not found.')} <a href="/">{t('Home')}</a></p>;
}
