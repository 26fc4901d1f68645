// Status length exactly as the server counts it (src/text/length.h, Mastodon's
// StatusLengthValidator): grapheme clusters of spoiler_text + text, where each http(s) URL counts
// 23 characters and a mention "@user@domain" counts as "@user"; blank text counts nothing.

// twitter-text's URL start: not after a letter/digit, '@', '$', '#', U+FF20 or U+FF03; host
// labels of letters/digits/'-'/'_', ending in a 2+-letter ASCII TLD, punycode or non-ASCII label.
const URL_RE = /(?<![\p{L}\p{N}@$#\uFF20\uFF03])https?:\/\/(?:[\p{L}\p{N}_-]+\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+|[^\x00-\x7F\s.\/:?#]+)(?![0-9a-z@+-])(?::\d+)?(?:\/[^\s<>?]*)?(?:\?[^\s<>]*)?/giu;
// Account::MENTION_RE
const MENTION_RE = /(?<![=\/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)?/giu;
const PATH_TRAILING = /[!*"'<>;:=,.$%\[\]~&|@\u300C\u300D]+$/u;

function trimUrl(url: string): string {
  let u = url;
  const q = u.indexOf('?');
  if (q >= 0) {
    // the query gives back everything after its last [a-z0-9_&=#/-] or non-ASCII character
    const m = /[a-z0-9_&=#\/\-\u0080-\uFFFF][^a-z0-9_&=#\/\-\u0080-\uFFFF]*$/iu.exec(u.slice(q + 1));
    if (m) u = u.slice(0, q + 1 + m.index + 1);
    else u = u.slice(0, q);
  }
  // unbalanced closing parentheses end the path
  let depth = 0;
  for (let i = 0; i < u.length; i++) {
    if (u[i] === '(') depth++;
    else if (u[i] === ')') { if (depth === 0) { u = u.slice(0, i); break; } depth--; }
  }
  if (q < 0 || u.indexOf('?') < 0) u = u.replace(PATH_TRAILING, '');
  return u;
}

interface Span { begin: number; end: number; replacement: string; }

export function countableText(text: string): string {
  const spans: Span[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    spans.push({ begin: m.index!, end: m.index! + url.length, replacement: 'x'.repeat(23) });
  }
  for (const m of text.matchAll(MENTION_RE)) {
    const after = text.slice(m.index! + m[0].length);
    if (/^(?:@|\uFF20|[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]|:\/\/)/u.test(after)) continue;
    spans.push({ begin: m.index!, end: m.index! + m[0].length, replacement: `@${m[1]}` });
  }
  spans.sort((a, b) => a.begin - b.begin);
  let out = '';
  let last = 0;
  for (const s of spans) {
    if (s.begin < last) continue;  // overlapping entity: dropped, as the server does
    out += text.slice(last, s.begin) + s.replacement;
    last = s.end;
  }
  return out + text.slice(last);
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl
  ? new (Intl as any).Segmenter(undefined, { granularity: 'grapheme' }) : null;

export function graphemes(s: string): number {
  if (!segmenter) return Array.from(s).length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

export function statusLength(text: string, spoiler = ''): number {
  const body = text.trim() === '' ? '' : countableText(text);
  return graphemes(spoiler + body);
}
