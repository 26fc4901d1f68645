// A tiny history router: the path is the state; links call navigate() (or are plain <a> caught
// by the app's click handler), back/forward fire "popstate".
import { useEffect, useState } from 'preact/hooks';

export function navigate(path: string, replace = false) {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  window.dispatchEvent(new Event('parloir:navigate'));
  window.scrollTo(0, 0);
}

export function useLocation(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const f = () => setPath(location.pathname + location.search);
    window.addEventListener('popstate', f);
    window.addEventListener('parloir:navigate', f);
    return () => { window.removeEventListener('popstate', f); window.removeEventListener('parloir:navigate', f); };
  }, []);
  return path;
}

// Matches "/statuses/:id" against "/statuses/42" → { id: "42" } (null when it does not match).
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('?')[0].split('/');
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return out;
}

// Catches clicks on same-origin <a href="/..."> links (no modifier keys) and routes them.
export function installLinkHandler() {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.dataset.external !== undefined) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//')) return;
    if (/^\/(oauth|api|system|auth|invite|users|@)/.test(href)) return;  // server pages
    e.preventDefault();
    navigate(href);
  });
}
