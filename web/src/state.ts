// App-wide state shared through a Preact context: the instance, the signed-in account, language,
// theme, unread notifications, whether federation is on.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account, Instance } from './types';

export interface AppState {
  instance: Instance | null;
  me: Account | null;
  lang: string;
  setLang(lang: string): void;
  theme: string;
  setTheme(theme: string): void;
  unread: number;
  clearUnread(): void;
  federation: boolean;
  refreshMe(): Promise<void>;
}

export const AppContext = createContext<AppState>(null as unknown as AppState);
export const useApp = () => useContext(AppContext);

// Staff roles: Mastodon permission bits (1 administrator, 0x4 manage reports, 0x100 manage users…).
export function permissions(me: Account | null): number {
  return me?.role ? Number(me.role.permissions) || 0 : 0;
}
export const isAdmin = (me: Account | null) => (permissions(me) & 1) !== 0;
export const isStaff = (me: Account | null) => isAdmin(me) || (permissions(me) & (0x4 | 0x100 | 0x400)) !== 0;
