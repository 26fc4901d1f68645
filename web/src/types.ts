// The Mastodon entities the app reads (only the fields it uses).
export interface Emoji { shortcode: string; url: string; }
export interface Field { name: string; value: string; }
export interface Account {
  id: string; username: string; acct: string; display_name: string; note: string; url: string;
  avatar: string; header: string; locked: boolean; bot: boolean; followers_count: number;
  following_count: number; statuses_count: number; fields?: Field[];
  source?: { note: string; privacy: string; sensitive: boolean; language: string | null; fields: Field[] };
  role?: { name: string; permissions: string };
}
export interface Attachment {
  id: string; type: string; url: string; preview_url: string | null; description: string | null;
}
export interface PollOption { title: string; votes_count: number | null; }
export interface Poll {
  id: string; expired: boolean; expires_at: string | null; multiple: boolean; votes_count: number;
  options: PollOption[]; voted?: boolean; own_votes?: number[];
}
export interface Status {
  id: string; created_at: string; in_reply_to_id: string | null; in_reply_to_account_id: string | null;
  sensitive: boolean; spoiler_text: string; visibility: string; url: string | null; content: string;
  account: Account; reblog: Status | null; media_attachments: Attachment[];
  mentions: { id: string; acct: string; username: string }[];
  replies_count: number; reblogs_count: number; favourites_count: number;
  favourited?: boolean; reblogged?: boolean; bookmarked?: boolean; poll: Poll | null;
  local_only?: boolean; language: string | null;
  filtered?: { filter: { title: string; filter_action: string } }[];
}
export interface Notification {
  id: string; type: string; created_at: string; account: Account; status?: Status | null;
}
export interface Relationship {
  id: string; following: boolean; followed_by: boolean; blocking: boolean; muting: boolean;
  requested: boolean;
}
export interface Reaction { name: string; count: number; me: boolean; url?: string | null; }
export interface Announcement {
  id: string; content: string; published_at: string; read?: boolean; reactions: Reaction[];
}
export interface Instance {
  domain: string; title: string; description: string; languages: string[];
  configuration: {
    statuses: { max_characters: number; characters_reserved_per_url: number; max_media_attachments: number };
    polls: { max_options: number; min_expiration: number; max_expiration: number };
    urls?: { streaming: string };
  };
  registrations: { enabled: boolean; approval_required: boolean; reason_required?: boolean };
  // Parloir's own instance facts (absent on older servers: the app then guesses federation).
  parloir?: { federation_mode?: 'open' | 'allowlist' | 'off'; local_only_default?: boolean; private?: boolean };
}
export interface Rule { id: string; text: string; hint?: string; priority?: number; }
export interface List { id: string; title: string; replies_policy: string; exclusive?: boolean; }
export interface Tag { name: string; url: string; }
export interface Conversation { id: string; unread: boolean; accounts: Account[]; last_status: Status | null; }
export interface FilterV2 { id: string; title: string; context: string[]; filter_action: string; keywords: { id: string; keyword: string; whole_word: boolean }[]; }
