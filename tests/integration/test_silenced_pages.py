"""Public and hashtag timelines stay full pages when a silenced account's statuses are filtered
out of them: a page has `limit` statuses while older ones exist, the Link header keeps its
"next", and walking the pages (anonymously and signed in, with max_id and with min_id) yields
every visible status exactly once, in order."""
from __future__ import annotations

import requests

from helpers import bearer
from org_util import ADMIN_SCOPES, login


def _page(server, path, token=None, **params):
    headers = bearer(token) if token else {}
    r = requests.get(server.base_url + path, params=params, headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    return r


def test_pages_stay_full_around_a_silenced_account(server):
    mod_u = server.create_user(role="moderator")
    mod = login(server, mod_u.email, mod_u.password, ADMIN_SCOPES)
    loud_u, quiet_u, reader_u = server.create_user(), server.create_user(), server.create_user()
    loud, quiet = login(server, loud_u.email, loud_u.password), login(server, quiet_u.email, quiet_u.password)
    reader = login(server, reader_u.email, reader_u.password)
    visible = []
    # quiet, then a long run of loud statuses (more than several pages), then quiet again.
    for i in range(4):
        visible.append(str(quiet.status_post(f"quiet early {i} #pages")["id"]))
    for i in range(30):
        loud.status_post(f"loud {i} #pages")
    for i in range(4):
        visible.append(str(quiet.status_post(f"quiet late {i} #pages")["id"]))
    mod.admin_account_moderate(loud.account_verify_credentials()["id"], "silence")
    newest_first = list(reversed(visible))

    for path in ("/api/v1/timelines/public", "/api/v1/timelines/tag/pages"):
        for token in (None, reader.access_token):
            r = _page(server, path, token, limit=5)
            ids = [s["id"] for s in r.json()]
            assert ids == newest_first[:5], (path, ids)
            assert 'rel="next"' in r.headers.get("Link", ""), r.headers
            # Walk every page with max_id.
            seen, max_id = list(ids), ids[-1]
            for _ in range(10):
                r = _page(server, path, token, limit=5, max_id=max_id)
                page = [s["id"] for s in r.json()]
                if not page:
                    break
                seen += page
                max_id = page[-1]
            assert seen == newest_first, (path, seen)
            # min_id pages: the statuses just after min_id, filled past the silenced run.
            r = _page(server, path, token, limit=5, min_id=visible[2])
            assert [s["id"] for s in r.json()] == list(reversed(visible[3:8])), (path, r.json())
