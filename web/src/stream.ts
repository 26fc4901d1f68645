// One WebSocket to /api/v1/streaming for the whole app (token in Sec-WebSocket-Protocol, never in
// the URL), multiplexing streams with subscribe/unsubscribe messages; reconnects with backoff and
// re-subscribes. Listeners get (event, parsed payload) for the streams they asked for.
import { getToken } from './api';

export type StreamEvent = { event: string; payload: any; stream: string[] };
type Listener = (e: StreamEvent) => void;

interface Sub { stream: string; tag?: string; list?: string; listeners: Set<Listener>; }

const subs = new Map<string, Sub>();
let ws: WebSocket | null = null;
let backoff = 500;
let reconnectTimer: number | undefined;
let openState = false;
const stateListeners = new Set<(open: boolean) => void>();

function keyOf(stream: string, tag?: string, list?: string) { return [stream, tag ?? '', list ?? ''].join('|'); }

function send(type: 'subscribe' | 'unsubscribe', s: Sub) {
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  const msg: Record<string, string> = { type, stream: s.stream };
  if (s.tag) msg.tag = s.tag;
  if (s.list) msg.list = s.list;
  ws.send(JSON.stringify(msg));
}

// The open state is also on <html data-stream="open|closed"> (tests wait for it).
function setOpen(v: boolean) {
  openState = v;
  document.documentElement.dataset.stream = v ? 'open' : 'closed';
  stateListeners.forEach((f) => f(v));
}

function connect() {
  const token = getToken();
  if (!token || ws) return;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/streaming`;
  const sock = new WebSocket(url, token);
  ws = sock;
  sock.onopen = () => {
    backoff = 500;
    setOpen(true);
    subs.forEach((s) => send('subscribe', s));
  };
  sock.onmessage = (m) => {
    let data: any;
    try { data = JSON.parse(m.data); } catch { return; }
    if (!data || !data.event) return;
    let payload = data.payload;
    if (typeof payload === 'string') { try { payload = JSON.parse(payload); } catch { /* plain id */ } }
    const ev: StreamEvent = { event: data.event, payload, stream: data.stream || [] };
    const [name, arg] = ev.stream;
    subs.forEach((s) => {
      const matches = s.stream === name && (!arg || arg === s.tag || arg === s.list || (!s.tag && !s.list));
      if (matches) s.listeners.forEach((f) => f(ev));
    });
  };
  sock.onclose = () => {
    if (ws === sock) ws = null;
    setOpen(false);
    if (getToken() && subs.size) {
      clearTimeout(reconnectTimer);
      reconnectTimer = window.setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    }
  };
}

// Subscribes `listener` to a stream ("user", "public:local", "hashtag" + tag, "list" + list…);
// returns the unsubscribe function.
export function subscribe(stream: string, listener: Listener, opts: { tag?: string; list?: string } = {}): () => void {
  const key = keyOf(stream, opts.tag, opts.list);
  let s = subs.get(key);
  if (!s) {
    s = { stream, tag: opts.tag, list: opts.list, listeners: new Set() };
    subs.set(key, s);
    send('subscribe', s);
  }
  s.listeners.add(listener);
  connect();
  return () => {
    const cur = subs.get(key);
    if (!cur) return;
    cur.listeners.delete(listener);
    if (cur.listeners.size === 0) {
      subs.delete(key);
      send('unsubscribe', cur);
    }
  };
}

export function onStreamState(f: (open: boolean) => void): () => void {
  stateListeners.add(f);
  f(openState);
  return () => stateListeners.delete(f);
}

export function closeStream() {
  subs.clear();
  if (ws) { const s = ws; ws = null; s.close(); }
}
