"""Rate limits (mastodon-api.md §6.8, security.md "Rate limits"): the X-RateLimit-* headers on
every /api/ response (all three or none, Reset in the future), 429 {"error": "Too many requests"}
over a limit, the window reset, separate budgets per token and per IP, the sign-up and
failed-login throttles, and Mastodon.py's rate-limit handling against our headers.

Test servers run with rate limits off (helpers.ParloirServer.env); these turn them on with small
numbers and a short window."""
from __future__ import annotations

import datetime as dt
import time

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonRatelimitError

from helpers import bearer, client_credentials_token, create_app, password_token, token_request

PERIOD_S = 4
HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def limited_env(**numbers) -> dict:
    env = {"PARLOIR_RATE_LIMITS_ENABLED": "true", "PARLOIR_RATE_LIMITS_PERIOD": f"{PERIOD_S}s"}
    for k, v in numbers.items():
        env[f"PARLOIR_RATE_LIMITS_{k.upper()}"] = str(v)
    return env


def reset_of(r: requests.Response) -> float:
    value = r.headers["X-RateLimit-Reset"]
    assert value.endswith("Z") and "." in value, f"Reset must be ISO 8601 with fractions: {value!r}"
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc).timestamp()


def wait_for_fresh_window(url: str, **kw) -> None:
    """Sleeps until the window the server reports ends, so a burst fits in one window."""
    r = requests.get(url, timeout=30, **kw)
    assert all(h in r.headers for h in HEADERS), r.headers
    delay = reset_of(r) - time.time()
    assert 0 < delay <= PERIOD_S + 1, f"Reset not within the window: {delay}"
    time.sleep(delay + 0.05)


def test_headers_429_and_reset_for_anonymous_requests(server_factory):
    s = server_factory(env=limited_env(anonymous=5)).start()
    url = s.base_url + "/api/v1/instance"
    wait_for_fresh_window(url)
    remaining = []
    for _ in range(5):
        r = requests.get(url, timeout=30)
        assert r.status_code == 200, r.text
        assert all(h in r.headers for h in HEADERS), r.headers
        assert r.headers["X-RateLimit-Limit"] == "5"
        assert reset_of(r) > time.time() - 0.5
        remaining.append(int(r.headers["X-RateLimit-Remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    over = requests.get(url, timeout=30)
    assert over.status_code == 429
    assert over.json() == {"error": "Too many requests"}
    assert over.headers["X-RateLimit-Limit"] == "5"
    assert over.headers["X-RateLimit-Remaining"] == "0"
    assert "application/json" in over.headers["Content-Type"]
    # Browser clients can read them.
    assert "X-RateLimit-Reset" in over.headers.get("Access-Control-Expose-Headers", "")
    reset = reset_of(over)
    assert reset > time.time()
    # Non-API routes are not counted and carry no headers.
    h = requests.get(s.base_url + "/health", timeout=30)
    assert h.status_code == 200 and "X-RateLimit-Limit" not in h.headers
    time.sleep(max(0.0, reset - time.time()) + 0.1)
    again = requests.get(url, timeout=30)
    assert again.status_code == 200, again.text
    assert again.headers["X-RateLimit-Remaining"] == "4"


def test_tokens_have_their_own_budget(server_factory):
    s = server_factory(env=limited_env(anonymous=3, authenticated=6)).start()
    user = s.create_user()
    app = create_app(s.base_url)
    token = password_token(s.base_url, app, user)
    url = s.base_url + "/api/v1/accounts/verify_credentials"
    wait_for_fresh_window(url, headers=bearer(token))
    for i in range(6):
        r = requests.get(url, headers=bearer(token), timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["X-RateLimit-Limit"] == "6"
    r = requests.get(url, headers=bearer(token), timeout=30)
    assert r.status_code == 429
    # The IP's anonymous budget is untouched by the token's requests.
    anon = requests.get(s.base_url + "/api/v1/instance", timeout=30)
    assert anon.status_code == 200
    assert anon.headers["X-RateLimit-Limit"] == "3"


def test_random_tokens_do_not_escape_the_ip_limit(server_factory):
    s = server_factory(env=limited_env(anonymous=3)).start()
    url = s.base_url + "/api/v1/accounts/verify_credentials"
    codes = [requests.get(url, headers=bearer(f"random-{i}"), timeout=30).status_code for i in range(8)]
    assert codes.count(401) <= 3 + 1, codes  # one window boundary may fall inside the burst
    assert 429 in codes, codes


def test_sign_ups_per_ip(server_factory):
    s = server_factory(env={**limited_env(sign_ups=2), "PARLOIR_RATE_LIMITS_SIGN_UPS_PERIOD": "30m"}).start()
    app = create_app(s.base_url)
    token = client_credentials_token(s.base_url, app)
    statuses = []
    for i in range(3):
        r = requests.post(s.base_url + "/api/v1/accounts", headers=bearer(token), timeout=30,
                          data={"username": f"rl{i}x{int(time.time())}", "email": f"rl{i}@example.com",
                                "password": "correct horse battery", "agreement": "true", "locale": "en"})
        statuses.append((r.status_code, r.text))
    assert statuses[0][0] == 200 and statuses[1][0] == 200, statuses
    assert statuses[2][0] == 429, statuses
    assert statuses[2][1] == '{"error":"Too many requests"}'


def test_failed_logins_per_ip(server_factory):
    s = server_factory(env={**limited_env(failed_logins=2),
                            "PARLOIR_RATE_LIMITS_FAILED_LOGINS_PERIOD": "30m"}).start()
    user = s.create_user()
    app = create_app(s.base_url)
    bad = dict(grant_type="password", client_id=app.client_id, client_secret=app.client_secret,
               username=user.email, password="wrong password", scope=app.scopes)
    assert token_request(s.base_url, **bad).status_code in (400, 401)
    assert token_request(s.base_url, **bad).status_code in (400, 401)
    r = token_request(s.base_url, **bad)
    assert r.status_code == 429
    assert all(h in r.headers for h in HEADERS)
    # Even the right password waits for the window now.
    good = dict(bad, password=user.password)
    assert token_request(s.base_url, **good).status_code == 429


def test_defaults_and_disabled(server_factory):
    on = server_factory(env={"PARLOIR_RATE_LIMITS_ENABLED": "true"}).start()
    r = requests.get(on.base_url + "/api/v1/instance", timeout=30)
    assert r.headers["X-RateLimit-Limit"] == "300"
    assert int(r.headers["X-RateLimit-Remaining"]) <= 299
    assert 0 < reset_of(r) - time.time() <= 300
    on.stop()
    off = server_factory().start()  # the test default: off
    r = requests.get(off.base_url + "/api/v1/instance", timeout=30)
    assert not any(h in r.headers for h in HEADERS), r.headers


def test_mastodon_py_reads_our_headers(server_factory):
    s = server_factory(env=limited_env(authenticated=4)).start()
    user = s.create_user()
    client_id, client_secret = Mastodon.create_app("rl test", scopes=["read", "write"], api_base_url=s.base_url)
    m = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=s.base_url,
                 ratelimit_method="throw")
    m.log_in(user.email, user.password, scopes=["read", "write"])
    # Parsing our headers must not raise ("Rate limit time calculations failed").
    m.account_verify_credentials()
    assert m.ratelimit_limit == 4
    assert m.ratelimit_reset > time.time() - 1
    with pytest.raises(MastodonRatelimitError):
        for _ in range(10):
            m.account_verify_credentials()
    # "pace"/"wait" mode sleeps until Reset and then succeeds.
    m.ratelimit_method = "wait"
    started = time.time()
    assert m.account_verify_credentials()["username"] == user.username
    assert time.time() - started <= PERIOD_S + 2
