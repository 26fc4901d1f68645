"""Private instance (instance.private = true): an anonymous client — and an app-only token, which
anyone can get — walks EVERY route the router knows (listed by `parloir routes`, so new routes
are covered without touching this test) and gets 401 everywhere except the documented few that
signing in and signing up need. Mastodon.py and toot still sign in and read timelines."""
import os
import re
import shutil
import subprocess

import pytest
import requests
from mastodon import Mastodon

from helpers import bearer, client_credentials_token, create_app

PRIVATE = {"PARLOIR_INSTANCE_PRIVATE": "true"}

# The documented allowlist (docs/configuration.md, instance.private).
EXPECTED_PUBLIC = {
    ("GET", "/health"),
    ("GET", "/api/v1/instance"),
    ("GET", "/api/v2/instance"),
    ("GET", "/api/v1/instance/rules"),
    ("GET", "/instance/thumbnail.png"),
    ("GET", "/.well-known/nodeinfo"),
    ("GET", "/nodeinfo/2.0"),
    ("GET", "/nodeinfo/2.1"),
    ("GET", "/.well-known/oauth-authorization-server"),
    ("GET", "/oauth/authorize"),
    ("POST", "/oauth/authorize"),
    ("POST", "/oauth/token"),
    ("POST", "/oauth/revoke"),
    ("POST", "/api/v1/apps"),
    ("GET", "/api/v1/apps/verify_credentials"),
    ("POST", "/api/v1/accounts"),
    ("GET", "/auth/sign_up"),
    ("POST", "/auth/sign_up"),
    ("GET", "/invite/:code"),
    # The account security pages: every POST needs the password or a signed form token.
    ("GET", "/auth/edit"),
    ("POST", "/auth/edit"),
    ("GET", "/oauth/authorized_applications"),
    ("POST", "/oauth/authorized_applications"),
    ("POST", "/oauth/authorized_applications/:id"),
    # The web app's shell and hashed assets (the app reads data only through the API).
    ("GET", "/"),
    ("GET", "/assets/:file"),
    # Media files answer only signed capability URLs (or a user token): test_web_public_pages.py.
    ("GET", "/system/:a/:b/:name"),
}


def route_table(server):
    out = server.cli("routes").stdout
    rows = [line.split() for line in out.splitlines() if line.strip()]
    assert all(len(r) == 3 for r in rows), out
    return rows


def concrete(pattern: str) -> str:
    # Path parameters (:id, :name, :acct…) become a plausible value.
    return re.sub(r":[A-Za-z_]+", "1", pattern)


def test_every_route_is_closed_to_anonymous_and_app_tokens(server_factory):
    s = server_factory(env=PRIVATE).start()
    rows = route_table(s)
    assert len(rows) > 100, f"only {len(rows)} routes listed"
    public = {(m, p) for m, p, access in rows if access == "public"}
    assert public == EXPECTED_PUBLIC
    app = create_app(s.base_url)
    app_token = client_credentials_token(s.base_url, app, "read write follow")
    failures = []
    for method, pattern, access in rows:
        url = s.base_url + concrete(pattern)
        for who, headers in (("anonymous", {}), ("app token", bearer(app_token))):
            r = requests.request(method, url, headers=headers, timeout=30, allow_redirects=False)
            if access == "public":
                if r.status_code >= 500:
                    failures.append(f"{who} {method} {pattern}: {r.status_code}")
                continue
            ok = r.status_code == 401 and r.json().get("error") == "This API requires an authenticated user"
            if not ok:
                failures.append(f"{who} {method} {pattern}: {r.status_code} {r.text[:100]}")
    assert not failures, "\n".join(failures)
    # Unknown paths stay 404; the instance document is readable.
    assert requests.get(s.base_url + "/no/such/route", timeout=30).status_code == 404
    assert requests.get(s.base_url + "/api/v1/instance", timeout=30).status_code == 200


def test_a_public_instance_is_unaffected(server):
    rows = route_table(server)
    assert ("GET", "/api/v1/timelines/public", "token") in [tuple(r) for r in rows]
    r = requests.get(server.base_url + "/api/v1/timelines/public", timeout=30)
    assert r.status_code == 200, r.text


def test_mastodon_py_signs_in_and_reads_timelines(server_factory):
    s = server_factory(env=PRIVATE).start()
    user = s.create_user()
    cid, csec = Mastodon.create_app("private test", scopes=["read", "write"], api_base_url=s.base_url)
    m = Mastodon(client_id=cid, client_secret=csec, api_base_url=s.base_url)
    m.log_in(user.email, user.password, scopes=["read", "write"])
    posted = m.status_post("inside the walls")
    assert [st["id"] for st in m.timeline_home()][0] == posted["id"]
    assert posted["id"] in [st["id"] for st in m.timeline_local()]
    # The same status is invisible without a token.
    r = requests.get(f"{s.base_url}/api/v1/statuses/{posted['id']}", timeout=30)
    assert r.status_code == 401
    # A revoked token is refused.
    m.revoke_access_token()
    r = requests.get(s.base_url + "/api/v1/timelines/home", headers=bearer(m.access_token), timeout=30)
    assert r.status_code == 401


def test_toot_signs_in_and_reads_timeline(server_factory, tmp_path):
    toot_bin = shutil.which("toot") or "/usr/bin/toot"
    s = server_factory(env=PRIVATE).start()
    user = s.create_user()
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), NO_COLOR="1", TERM="dumb",
               LANG="C.UTF-8", LC_ALL="C.UTF-8")

    def toot(*args, input=None):
        return subprocess.run([toot_bin, *args], input=input, capture_output=True, text=True, env=env, timeout=60)

    login = toot("login_cli", "-i", s.host, "--disable-https", "-e", user.email, input=user.password + "\n")
    assert login.returncode == 0, login.stdout + login.stderr
    post = toot("post", "private hello from toot")
    assert post.returncode == 0, post.stdout + post.stderr
    tl = toot("timeline", "--public", "--local", "-c", "5")
    assert tl.returncode == 0, tl.stdout + tl.stderr
    assert "private hello from toot" in tl.stdout
