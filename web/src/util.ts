// Small helpers shared by the views.
import { t } from './i18n';

export function relTime(iso: string): string {
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return t('{n}s', { n: Math.max(0, s) });
  if (s < 3600) return t('{n}m', { n: Math.floor(s / 60) });
  if (s < 86400) return t('{n}h', { n: Math.floor(s / 3600) });
  return new Date(iso).toLocaleDateString();
}

export function displayName(a: { display_name: string; username: string }): string {
  return a.display_name || a.username;
}

// Strips HTML for text-only places (titles, aria labels).
export function plain(html: string): string {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d.textContent || '';
}

export function idempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}
