// App-wide state shared through a Preact context: the instance, the signed-in account, language,
// theme, unread notifications and direct messages, whether federation is on.
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
  // "open" | "allowlist" | "off" from /api/v2/instance's `parloir` key; null when the server does
  // not say (then `federation` is the WebFinger guess).
  federationMode: string | null;
  refreshMe(): Promise<void>;
  // Reloads /api/v2/instance (after an admin changed the instance settings).
  refreshInstance(): Promise<void>;
  // Direct conversations with unread messages (the navigation's badge), kept live from the
  // `direct` stream; the DM page calls dmRead when it marks one read.
  dmUnread: number;
  dmRead(id: string): void;
}

export const AppContext = createContext<AppState>(null as unknown as AppState);
export const useApp = () => useContext(AppContext);

// Staff roles: Mastodon permission bits (1 administrator, 0x4 manage reports, 0x100 manage users…).
export function permissions(me: Account | null): number {
  return me?.role ? Number(me.role.permissions) || 0 : 0;
}
export const PERM = {
  administrator: 1, viewAuditLog: 0x4, manageReports: 0x10, manageFederation: 0x20, manageSettings: 0x40,
  manageBlocks: 0x80, manageTaxonomies: 0x100, manageUsers: 0x400, manageInvites: 0x800, manageRules: 0x1000,
  manageAnnouncements: 0x2000,
} as const;
export const isAdmin = (me: Account | null) => (permissions(me) & 1) !== 0;
// The role holds `bit` (administrator holds every permission).
export const can = (me: Account | null, bit: number) => isAdmin(me) || (permissions(me) & bit) !== 0;
export const isStaff = (me: Account | null) => isAdmin(me) || (permissions(me) & (
  PERM.viewAuditLog | PERM.manageReports | PERM.manageFederation | PERM.manageTaxonomies | PERM.manageUsers |
  PERM.manageInvites | PERM.manageAnnouncements | PERM.manageRules | PERM.manageBlocks)) !== 0;
