"""Silenced accounts (Mastodon's "limit"), with Mastodon.py: once a moderator silences an
account, its statuses leave the public, local and hashtag timelines (REST and the public SSE
stream) and search for everyone who does not follow it — anonymous readers included — while its
followers and itself still see them; its mentions and favourites no longer notify accounts that
do not follow it; its profile and statuses stay reachable. Unsilencing restores all of it."""
import secrets
import time

import requests
from mastodon import StreamListener

from org_util import ADMIN_SCOPES, login


def _ids(statuses):
    return {str(s["id"]) for s in statuses}


def _anon_public(server, **params):
    r = requests.get(server.base_url + "/api/v1/timelines/public", params=params, timeout=30)
    assert r.status_code == 200, r.text
    return _ids(r.json())


class _Recorder(StreamListener):
    def __init__(self):
        super().__init__()
        self.ids = []

    def on_update(self, status):
        self.ids.append(str(status["id"]))


def test_silence_limits_reach_to_followers_and_unsilence_restores(server):
    mod_u = server.create_user(role="moderator")
    mod = login(server, mod_u.email, mod_u.password, ADMIN_SCOPES)
    users = {name: server.create_user() for name in ("loud", "fan", "stranger")}
    loud, fan, stranger = (login(server, u.email, u.password) for u in users.values())
    loud_id = loud.account_verify_credentials()["id"]
    fan.account_follow(loud_id)
    tag = "silencetest" + secrets.token_hex(3)
    word = "zebra" + secrets.token_hex(3)

    mod.admin_account_moderate(loud_id, "silence")
    assert mod.admin_account(loud_id)["silenced"] is True

    # Streams opened before the post: the stranger's public stream must not get it, the fan's must.
    stranger_rec, fan_rec = _Recorder(), _Recorder()
    handles = [stranger.stream_local(stranger_rec, run_async=True),
               fan.stream_local(fan_rec, run_async=True)]
    for _ in range(50):  # until both streams are live: a warm-up post by the (unsilenced) fan arrives
        w = str(fan.status_post("warm-up")["id"])
        time.sleep(0.3)
        if w in stranger_rec.ids and w in fan_rec.ids:
            break
    else:
        raise AssertionError("the public streams never went live")
    post = loud.status_post(f"hello #{tag} {word}")
    pid = str(post["id"])
    deadline = time.time() + 10
    while pid not in fan_rec.ids and time.time() < deadline:
        time.sleep(0.1)
    assert pid in fan_rec.ids, "a follower's public stream still carries the silenced account"
    time.sleep(0.5)
    assert pid not in stranger_rec.ids, "a non-follower's public stream must not"
    for h in handles:
        h.close()

    # Interactions that would notify: favourite the stranger's and the fan's statuses, mention both.
    s_post = stranger.status_post("stranger's post")
    f_post = fan.status_post("fan's post")
    loud.status_favourite(s_post["id"])
    loud.status_favourite(f_post["id"])
    loud.status_post(f"@{users['stranger'].username} @{users['fan'].username} hi both")
    stranger.status_favourite(post["id"])  # makes it searchable for the stranger

    def visible_to(api):
        return {
            "public": pid in _ids(api.timeline_public(limit=40)),
            "local": pid in _ids(api.timeline_local(limit=40)),
            "hashtag": pid in _ids(api.timeline_hashtag(tag)),
            "search": pid in _ids(api.search_v2(word, result_type="statuses")["statuses"]),
        }

    hidden = {"public": False, "local": False, "hashtag": False, "search": False}
    shown = {"public": True, "local": True, "hashtag": True, "search": True}
    assert visible_to(stranger) == hidden
    assert pid not in _anon_public(server) and pid not in _anon_public(server, local="true")
    assert {k: v for k, v in visible_to(fan).items() if k != "search"} == {"public": True, "local": True, "hashtag": True}
    assert {k: v for k, v in visible_to(loud).items() if k != "search"} == {"public": True, "local": True, "hashtag": True}
    # The profile and the status itself stay reachable.
    assert stranger.account(loud_id)["username"] == users["loud"].username
    assert pid in _ids(stranger.account_statuses(loud_id))
    assert str(stranger.status(pid)["id"]) == pid

    # Notifications: the fan (a follower) hears from the silenced account, the stranger does not.
    from_loud = lambda api: [n["type"] for n in api.notifications() if str(n["account"]["id"]) == str(loud_id)]
    assert sorted(from_loud(fan)) == ["favourite", "mention"]
    assert from_loud(stranger) == []

    # Unsilence restores everything.
    mod.admin_account_unsilence(loud_id)
    assert mod.admin_account(loud_id)["silenced"] is False
    assert visible_to(stranger) == shown
    assert pid in _anon_public(server)
    loud.status_post(f"@{users['stranger'].username} again")
    assert from_loud(stranger) == ["mention"]
