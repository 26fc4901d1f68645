"""Logging in with Mastodon.py 1.8.0 (password grant, authorization code with and without PKCE,
the oob page) and revoking the token."""
import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonIllegalArgumentError, MastodonUnauthorizedError

from helpers import (OOB, App, authorize, code_from_oob_page, code_from_redirect, pkce_pair,
                     token_request)

SCOPES = ["read", "write", "follow", "push"]
REDIRECT = "https://client.example/cb"


def mp_app(server, redirect_uris=None):
    client_id, client_secret = Mastodon.create_app(
        "parloir mastodon.py test", scopes=SCOPES, redirect_uris=redirect_uris,
        website="https://client.example", api_base_url=server.base_url)
    assert client_id and client_secret
    return client_id, client_secret


def test_password_grant_and_verify_credentials(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server)
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server.base_url)
    # log_in raises unless the token response's `scope` covers every requested scope.
    token = m.log_in(user.email, user.password, scopes=SCOPES)
    assert token
    me = m.account_verify_credentials()
    assert me["username"] == user.username
    assert me["acct"] == user.username
    assert str(me["id"]).isdigit()


def test_password_grant_wrong_password_is_refused(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server)
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server.base_url)
    # Mastodon.py wraps the token endpoint's 400 into MastodonIllegalArgumentError.
    with pytest.raises(MastodonIllegalArgumentError, match="invalid_grant"):
        m.log_in(user.email, user.password + "x", scopes=SCOPES)
    r = token_request(server.base_url, grant_type="password", client_id=client_id,
                      client_secret=client_secret, username=user.email,
                      password=user.password + "x", scope="read")
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant"


def test_app_verify_credentials(server):
    client_id, client_secret = mp_app(server)
    user = server.create_user()
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server.base_url)
    m.log_in(user.email, user.password, scopes=SCOPES)
    app = m.app_verify_credentials()
    assert app["name"] == "parloir mastodon.py test"


def test_authorization_code_with_pkce(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server, redirect_uris=[REDIRECT])
    app = App(client_id, client_secret, REDIRECT, " ".join(SCOPES))
    verifier, challenge = pkce_pair()

    resp = authorize(server.base_url, app, user, state="xyz-123", code_challenge=challenge)
    code, query = code_from_redirect(resp, REDIRECT)
    assert query.get("state") == ["xyz-123"], query

    r = token_request(server.base_url, grant_type="authorization_code", code=code,
                      redirect_uri=REDIRECT, client_id=client_id, client_secret=client_secret,
                      code_verifier=verifier)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"].lower() == "bearer"
    assert set(body["scope"].split()) >= set(SCOPES), body
    m = Mastodon(access_token=body["access_token"], api_base_url=server.base_url)
    assert m.account_verify_credentials()["username"] == user.username

    # The code is single-use.
    again = token_request(server.base_url, grant_type="authorization_code", code=code,
                          redirect_uri=REDIRECT, client_id=client_id, client_secret=client_secret,
                          code_verifier=verifier)
    assert again.status_code == 400, again.text
    assert again.json()["error"] == "invalid_grant"


def test_authorization_code_with_wrong_or_missing_verifier_fails(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server, redirect_uris=[REDIRECT])
    app = App(client_id, client_secret, REDIRECT, " ".join(SCOPES))

    verifier, challenge = pkce_pair()
    code, _ = code_from_redirect(authorize(server.base_url, app, user, code_challenge=challenge),
                                 REDIRECT)
    wrong, _ = pkce_pair()
    r = token_request(server.base_url, grant_type="authorization_code", code=code,
                      redirect_uri=REDIRECT, client_id=client_id, client_secret=client_secret,
                      code_verifier=wrong)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant", r.text

    # A code bound to a challenge cannot be redeemed without a verifier (RFC 7636 §4.6).
    verifier, challenge = pkce_pair()
    code, _ = code_from_redirect(authorize(server.base_url, app, user, code_challenge=challenge),
                                 REDIRECT)
    r = token_request(server.base_url, grant_type="authorization_code", code=code,
                      redirect_uri=REDIRECT, client_id=client_id, client_secret=client_secret)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_grant", r.text


def test_authorize_wrong_password_does_not_issue_a_code(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server, redirect_uris=[REDIRECT])
    app = App(client_id, client_secret, REDIRECT, " ".join(SCOPES))
    bad = type(user)(user.username, user.email, user.password + "nope")
    resp = authorize(server.base_url, app, bad, code_challenge=pkce_pair()[1])
    location = resp.headers.get("Location", "")
    assert "code=" not in location, f"a code was issued for a wrong password: {location}"
    assert resp.status_code in (200, 401, 403, 422), resp.status_code


def test_oob_code_flow_with_mastodon_py(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server)  # default redirect: urn:ietf:wg:oauth:2.0:oob
    app = App(client_id, client_secret, OOB, " ".join(SCOPES))
    # toot builds this URL with a trailing slash after authorize.
    resp = authorize(server.base_url, app, user, path="/oauth/authorize/")
    code = code_from_oob_page(resp)

    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server.base_url)
    token = m.log_in(code=code, redirect_uri=OOB, scopes=SCOPES)
    assert token
    m2 = Mastodon(access_token=token, api_base_url=server.base_url)
    assert m2.account_verify_credentials()["username"] == user.username


def test_revoke_access_token(server):
    user = server.create_user()
    client_id, client_secret = mp_app(server)
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server.base_url)
    token = m.log_in(user.email, user.password, scopes=SCOPES)
    assert m.account_verify_credentials()["username"] == user.username

    m.revoke_access_token()

    stale = Mastodon(access_token=token, api_base_url=server.base_url)
    with pytest.raises(MastodonUnauthorizedError):
        stale.account_verify_credentials()
    r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", timeout=30,
                     headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, r.text
    assert "error" in r.json()
