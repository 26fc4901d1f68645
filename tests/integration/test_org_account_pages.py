"""A member's security pages at Mastodon's paths, driven as a browser would (requests, HTML
forms): /auth/edit changes the password (wrong current password changes nothing; success
revokes every token and closes the account's streams; the new password signs in through the
OAuth page), /oauth/authorized_applications lists the apps holding tokens of the account and
revokes one (its tokens get 401 and its stream closes, another app's token keeps working; a
forged or expired form token is refused). Both pages are in French when the browser asks, never
framed or cached, and escape what apps named themselves."""
from __future__ import annotations

import html
import re
import threading
import time

import requests

from helpers import (OOB, authorize, bearer, code_from_redirect, create_app, password_token,
                     token_request)

SECURITY_HEADERS_OK = lambda r: ("frame-ancestors 'none'" in r.headers.get("Content-Security-Policy", "")
                                 and r.headers.get("Cache-Control") == "no-store")


class Stream:
    """An open /api/v1/streaming/user event stream; `closed_at` is set when the server ends it."""

    def __init__(self, server, token: str):
        self.closed_at: float | None = None
        self.opened = threading.Event()
        self._resp = requests.get(server.base_url + "/api/v1/streaming/user", headers=bearer(token),
                                  stream=True, timeout=(10, 60))
        assert self._resp.status_code == 200, self._resp.text
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        try:
            for _ in self._resp.iter_lines(chunk_size=1):
                self.opened.set()
        except Exception:
            pass
        self.closed_at = time.monotonic()

    def wait_closed(self, timeout: float) -> float:
        start = time.monotonic()
        self._thread.join(timeout)
        assert self.closed_at is not None, f"stream still open after {timeout} s"
        return self.closed_at - start

    def is_open(self) -> bool:
        return self.closed_at is None

    def close(self):
        self._resp.close()


def status_of(server, token: str) -> int:
    return requests.get(server.base_url + "/api/v1/accounts/verify_credentials", headers=bearer(token),
                        timeout=30).status_code


def test_password_change_page(server):
    user = server.create_user()
    app = create_app(server.base_url, scopes="read write", name="Tusky")
    token = password_token(server.base_url, app, user)
    base = server.base_url

    page = requests.get(base + "/auth/edit", timeout=30)
    assert page.status_code == 200 and 'name="current_password"' in page.text and SECURITY_HEADERS_OK(page)
    fr = requests.get(base + "/auth/edit", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}, timeout=30)
    assert '<html lang="fr">' in fr.text and "Changer de mot de passe" in fr.text
    en = requests.get(base + "/auth/edit", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.8"}, timeout=30)
    assert '<html lang="en">' in en.text

    new_pw = "a-new-secret-123"
    form = {"login": user.username, "current_password": "wrong password", "password": new_pw,
            "password_confirmation": new_pw}
    r = requests.post(base + "/auth/edit", data=form, timeout=30)
    assert r.status_code == 401 and "Invalid username or password" in r.text and SECURITY_HEADERS_OK(r)
    assert html.escape(user.username) in r.text  # the login is kept in the form
    r = requests.post(base + "/auth/edit", data=form, headers={"Accept-Language": "fr"}, timeout=30)
    assert r.status_code == 401 and "incorrect" in r.text
    assert status_of(server, token) == 200  # nothing changed
    for bad, needle in (({"password_confirmation": "something-else"}, "confirmation"),
                        ({"password": "short", "password_confirmation": "short"}, "too short"),
                        ({"password": "x" * 73, "password_confirmation": "x" * 73}, "too long")):
        r = requests.post(base + "/auth/edit", data={**form, "current_password": user.password, **bad}, timeout=30)
        assert r.status_code == 422 and needle in r.text, (bad, r.status_code, r.text[:400])
    assert status_of(server, token) == 200
    assert password_token(server.base_url, app, user)  # the old password still works

    stream = Stream(server, token)
    time.sleep(0.3)
    assert stream.is_open()
    # Success, signing in with the email this time.
    r = requests.post(base + "/auth/edit", timeout=30,
                      data={**form, "login": user.email, "current_password": user.password})
    assert r.status_code == 200 and 'id="done"' in r.text, r.text[:500]
    assert status_of(server, token) == 401
    assert stream.wait_closed(5) < 2.0
    # The old password no longer signs in; the new one does, through the OAuth page.
    old = token_request(base, grant_type="password", client_id=app.client_id, client_secret=app.client_secret,
                        username=user.email, password=user.password, scope="read")
    assert old.status_code in (400, 401)
    user.password = new_pw
    oauth_app = create_app(base, scopes="read", redirect_uri=OOB, name="Ivory")
    resp = authorize(base, oauth_app, user, scope="read")
    assert resp.status_code == 200 and 'id="code"' in resp.text, resp.text[:500]
    code = re.search(r'<code id="code">([^<]+)</code>', resp.text).group(1)
    t = token_request(base, grant_type="authorization_code", code=code, client_id=oauth_app.client_id,
                      client_secret=oauth_app.client_secret, redirect_uri=OOB)
    assert t.status_code == 200 and status_of(server, t.json()["access_token"]) == 200


def _sign_in_apps(server, login: str, password: str, **headers) -> requests.Response:
    return requests.post(server.base_url + "/oauth/authorized_applications", timeout=30, headers=headers,
                         data={"login": login, "password": password})


def _revoke_forms(page: str) -> dict[str, str]:
    """app id -> form token of its Revoke form."""
    out = {}
    for m in re.finditer(r'<form method="post" action="/oauth/authorized_applications/(\d+)">'
                         r'<input type="hidden" name="form_token" value="([^"]+)">', page):
        out[m.group(1)] = html.unescape(m.group(2))
    return out


def test_authorized_applications_list_and_revoke(server):
    base = server.base_url
    user = server.create_user()
    other = server.create_user()
    tusky = create_app(base, scopes="read write", name="Tusky <b>test</b>")
    ivory = create_app(base, scopes="read", name="Ivory")
    t1 = password_token(base, tusky, user)
    t1b = password_token(base, tusky, user, scope="read")
    t2 = password_token(base, ivory, user)
    t_other = password_token(base, tusky, other)

    r = requests.get(base + "/oauth/authorized_applications", timeout=30)
    assert r.status_code == 200 and 'name="password"' in r.text and SECURITY_HEADERS_OK(r)
    r = _sign_in_apps(server, user.username, "not the password")
    assert r.status_code == 401 and "form_token" not in r.text
    r = _sign_in_apps(server, user.username, user.password)
    assert r.status_code == 200 and SECURITY_HEADERS_OK(r), r.text[:500]
    assert "Tusky &lt;b&gt;test&lt;/b&gt;" in r.text and "<b>test</b>" not in r.text  # escaped
    assert "Ivory" in r.text
    forms = _revoke_forms(r.text)
    assert len(forms) == 2, r.text
    ids = re.findall(r'data-app-id="(\d+)"><strong class="app-name">([^<]*)</strong>', r.text)
    by_name = {html.unescape(name): app_id for app_id, name in ids}
    tusky_id, ivory_id = by_name["Tusky <b>test</b>"], by_name["Ivory"]
    fr = _sign_in_apps(server, user.email, user.password, **{"Accept-Language": "fr"})
    assert fr.status_code == 200 and "Applications autorisées" in fr.text and "Révoquer" in fr.text

    # Forged, expired, malformed or missing form tokens are refused and revoke nothing.
    good = forms[tusky_id]
    account_id, expires, mac = good.split(".")
    forged = [f"{account_id}.{expires}.{mac[:-2]}{'AA' if not mac.endswith('AA') else 'BB'}",
              f"{account_id}.{int(expires) + 3600}.{mac}",           # extended expiry, same MAC
              f"{int(account_id) + 1}.{expires}.{mac}",                 # another account
              f"{account_id}.{int(time.time()) - 10}.{mac}",            # expired
              "garbage", ""]
    for bad in forged:
        r = requests.post(f"{base}/oauth/authorized_applications/{tusky_id}", data={"form_token": bad}, timeout=30)
        assert r.status_code == 401, (bad, r.status_code)
        assert SECURITY_HEADERS_OK(r)
    assert status_of(server, t1) == 200 and status_of(server, t1b) == 200

    # Revoking Tusky: both its tokens die at once and its stream closes; Ivory's keeps working,
    # and the other account's Tusky token is untouched.
    tusky_stream = Stream(server, t1)
    ivory_stream = Stream(server, t2)
    time.sleep(0.3)
    r = requests.post(f"{base}/oauth/authorized_applications/{tusky_id}", data={"form_token": good}, timeout=30)
    assert r.status_code == 200 and 'id="notice"' in r.text, r.text[:500]
    assert status_of(server, t1) == 401 and status_of(server, t1b) == 401
    assert status_of(server, t2) == 200 and status_of(server, t_other) == 200
    assert tusky_stream.wait_closed(5) < 2.0
    time.sleep(0.5)
    assert ivory_stream.is_open()
    ivory_stream.close()
    # The page now lists only Ivory, with a fresh form token.
    assert list(_revoke_forms(r.text)) == [ivory_id]
    # After a password change, an outstanding form token no longer works.
    pending = _revoke_forms(r.text)[ivory_id]
    new_pw = "changed-pass-456"
    r = requests.post(base + "/auth/edit", timeout=30, data={"login": user.username, "current_password": user.password,
                                                             "password": new_pw, "password_confirmation": new_pw})
    assert r.status_code == 200
    r = requests.post(f"{base}/oauth/authorized_applications/{ivory_id}", data={"form_token": pending}, timeout=30)
    assert r.status_code == 401
    # (the password change revoked every token anyway)
    assert status_of(server, t2) == 401 and status_of(server, t_other) == 200
    r = _sign_in_apps(server, user.username, new_pw)
    assert r.status_code == 200 and 'id="no-apps"' in r.text
