"""Suspension is complete: once a moderator suspends an account (Mastodon.py
`admin_account_moderate(…, "suspend")`), its content is hidden everywhere another user or an
anonymous reader could meet it — home, public and hashtag timelines, threads, search, lookup,
notifications, favourited_by/followers lists, WebFinger and its ActivityPub actor — its
tokens stop working, and unsuspending brings everything back."""
import secrets

import requests

from helpers import bearer
from org_util import ADMIN_SCOPES, login


def _ids(items):
    return {str(x["id"]) for x in items}


def test_suspension_hides_everything_and_unsuspend_restores(server):
    mod_u = server.create_user(role="moderator")
    mod = login(server, mod_u.email, mod_u.password, ADMIN_SCOPES)
    bad_u, fan_u = server.create_user(), server.create_user()
    bad, fan = login(server, bad_u.email, bad_u.password), login(server, fan_u.email, fan_u.password)
    bad_id = str(bad.account_verify_credentials()["id"])
    fan_id = str(fan.account_verify_credentials()["id"])
    fan.account_follow(bad_id)
    bad.account_follow(fan_id)
    tag = "sustag" + secrets.token_hex(3)
    word = "walrus" + secrets.token_hex(3)
    post = bad.status_post(f"visible #{tag} {word}")
    pid = str(post["id"])
    reply = fan.status_post("a reply", in_reply_to_id=pid)
    fan_post = fan.status_post("fan's own")
    bad.status_favourite(fan_post["id"])
    bad.status_post(f"@{fan_u.username} hello")
    fan.status_favourite(pid)  # searchable for the fan

    def seen_by_fan():
        return {
            "home": pid in _ids(fan.timeline_home(limit=40)),
            "public": pid in _ids(fan.timeline_public(limit=40)),
            "hashtag": pid in _ids(fan.timeline_hashtag(tag)),
            "context": pid in _ids(fan.status_context(reply["id"])["ancestors"]),
            "search_statuses": pid in _ids(fan.search_v2(word, result_type="statuses")["statuses"]),
            "search_accounts": bad_id in _ids(fan.search_v2(bad_u.username, result_type="accounts")["accounts"]),
            "notifications": any(str(n["account"]["id"]) == bad_id for n in fan.notifications()),
            "favourited_by": bad_id in _ids(fan.status_favourited_by(fan_post["id"])),
            "followers": bad_id in _ids(fan.account_followers(fan_id)),
        }

    everything = {k: True for k in seen_by_fan()}
    assert seen_by_fan() == everything

    def http(path, token=None, **params):
        h = bearer(token) if token else {}
        return requests.get(server.base_url + path, params=params, headers=h, timeout=30)

    def reachable():
        return {
            "account": http(f"/api/v1/accounts/{bad_id}", fan.access_token).status_code,
            "lookup": http("/api/v1/accounts/lookup", fan.access_token, acct=bad_u.username).status_code,
            "status": http(f"/api/v1/statuses/{pid}", fan.access_token).status_code,
            "statuses": http(f"/api/v1/accounts/{bad_id}/statuses", fan.access_token).status_code,
            "anon_status": http(f"/api/v1/statuses/{pid}").status_code,
            "webfinger": http("/.well-known/webfinger", resource=f"acct:{bad_u.username}@{server.host}").status_code,
        }

    before = reachable()
    assert all(code == 200 for code in before.values()), before

    mod.admin_account_moderate(bad_id, "suspend")
    assert seen_by_fan() == {k: False for k in everything}
    after = reachable()
    assert all(code in (404, 410) for code in after.values()), after
    r = http("/api/v1/accounts/verify_credentials", bad.access_token)
    assert r.status_code == 401, "the suspended account's sessions are over"

    mod.admin_account_unsuspend(bad_id)
    restored = seen_by_fan()
    assert restored == everything, restored
    assert all(code == 200 for code in reachable().values())
