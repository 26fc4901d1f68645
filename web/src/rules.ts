// The instance's rules (GET /api/v1/instance/rules, public), fetched once per page load and
// shared by the sign-up screen and the report dialog. A failed fetch counts as "no rules".
import { request } from './api';
import type { Rule } from './types';

let cached: Promise<Rule[]> | null = null;

export function instanceRules(): Promise<Rule[]> {
  if (!cached) {
    cached = request<Rule[]>('GET', '/api/v1/instance/rules', undefined, { token: null })
      .then((p) => (Array.isArray(p.items) ? p.items : []))
      .catch(() => { cached = null; return []; });
  }
  return cached;
}
