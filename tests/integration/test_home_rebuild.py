"""A home feed rebuilt from the database (after a restart: every feed is cold) holds exactly what
fan-out on write put into the loaded feed, for a mix of follows, reblogs (shown and hidden),
replies to followed and unfollowed accounts, mentions (a stranger's only fan-out on write delivers), direct messages, mutes,
blocks and exclusive-list members (services/home_rebuild.h). The home timeline is read with
Mastodon.py, following its Link headers (fetch_remaining)."""
from __future__ import annotations

from mastodon import Mastodon

from social_util import Actor, describe


def home_ids(srv, actor: Actor) -> list[str]:
    m = Mastodon(access_token=actor.token, api_base_url=srv.base_url)
    first = m.timeline_home(limit=40)
    return [str(s["id"]) for s in m.fetch_remaining(first)]


def test_rebuilt_home_feed_equals_the_incrementally_built_one(server_factory):
    srv = server_factory()
    srv.start()
    v = Actor.create(srv, "viewer")          # whose home is checked
    a = Actor.create(srv, "followed")        # followed, reblogs shown
    b = Actor.create(srv, "noreblogs")       # followed with reblogs hidden
    c = Actor.create(srv, "stranger")        # not followed
    d = Actor.create(srv, "muted")           # followed, then muted
    e = Actor.create(srv, "blocked")         # blocked by the viewer
    f = Actor.create(srv, "exclusive")       # followed, member of an exclusive list
    for x in (a, d, f):
        v.follow(x)
    v.ok("POST", f"/api/v1/accounts/{b.id}/follow", data={"reblogs": "false"})
    v.ok("POST", f"/api/v1/accounts/{d.id}/mute")
    v.ok("POST", f"/api/v1/accounts/{e.id}/block")
    lst = v.ok("POST", "/api/v1/lists", data={"title": "only here", "exclusive": "true"})
    assert lst["exclusive"] is True
    v.ok("POST", f"/api/v1/lists/{lst['id']}/accounts", data={"account_ids[]": f.id})

    # Load the viewer's feed now, so that everything below reaches it by fan-out on write.
    assert home_ids(srv, v) == []

    c_post = c.status("a stranger's post")
    expected_in: dict[str, str] = {}
    expected_out: dict[str, str] = {}

    def into(name: str, st: dict) -> None:
        expected_in[name] = str(st["id"])

    def out(name: str, st: dict) -> None:
        expected_out[name] = str(st["id"])

    out("stranger's post", c_post)
    into("followed public", a.status("public"))
    into("followed unlisted", a.status("unlisted", visibility="unlisted"))
    into("followed private", a.status("private", visibility="private"))
    into("followed direct to viewer", a.status(f"@{v.username} direct", visibility="direct"))
    out("followed direct to stranger", a.status(f"@{c.username} direct", visibility="direct"))
    out("followed replying to stranger", a.status(f"@{c.username} reply", in_reply_to_id=c_post["id"]))
    b_post = b.status("b's post")
    into("no-reblogs account's own post", b_post)
    into("followed replying to followed", a.status(f"@{b.username} reply", in_reply_to_id=b_post["id"]))
    a_self = a.status("thread start")
    into("followed thread start", a_self)
    into("followed replying to self", a.status("thread more", in_reply_to_id=a_self["id"]))
    v_post = v.status("viewer's own")
    into("viewer's own", v_post)
    into("followed replying to viewer", a.status(f"@{v.username} reply", in_reply_to_id=v_post["id"]))
    into("followed reblog", a.ok("POST", f"/api/v1/statuses/{c_post['id']}/reblog"))
    out("hidden reblog", b.ok("POST", f"/api/v1/statuses/{c_post['id']}/reblog"))
    # Fan-out on write also pushes a stranger's mention into the loaded feed; a rebuild (like
    # Mastodon, and test_visibility_matrix) leaves it out. Compared separately below.
    stranger_mentions = {str(c.status(f"hello @{v.username}")["id"]),
                         str(c.status(f"@{v.username} psst", visibility="direct")["id"])}
    out("stranger replying to viewer's follow", c.status(f"@{a.username} hi", in_reply_to_id=a_self["id"]))
    out("muted account's post", d.status("muted post"))
    out("muted account mentioning viewer", d.status(f"@{v.username} muted mention"))
    out("blocked account mentioning viewer", e.status(f"@{v.username} blocked mention"))
    out("exclusive-list member's post", f.status("list only"))
    into("viewer's own direct", v.status(f"@{c.username} dm", visibility="direct"))
    into("viewer's reblog", v.ok("POST", f"/api/v1/statuses/{c_post['id']}/reblog"))

    incremental = [i for i in home_ids(srv, v) if i not in stranger_mentions]
    for name, sid in expected_in.items():
        assert sid in incremental, f"fan-out on write: {name} ({sid}) missing from {incremental}"
    for name, sid in expected_out.items():
        assert sid not in incremental, f"fan-out on write: {name} ({sid}) is in the home feed"
    assert len(incremental) == len(expected_in), incremental

    # A restart empties every in-memory feed: the next read rebuilds it from the database.
    srv.stop()
    srv.start()
    rebuilt = home_ids(srv, v)
    assert not stranger_mentions & set(rebuilt), "a stranger's mention in a rebuilt home feed"
    assert rebuilt == incremental, (
        f"rebuilt feed differs: only rebuilt {sorted(set(rebuilt) - set(incremental))}, "
        f"only incremental {sorted(set(incremental) - set(rebuilt))}")
    # Unfollowing drops the feed; the rebuild then leaves the unfollowed account's posts out
    # (the viewer's reblog of a stranger and own posts stay).
    r = v.post(f"/api/v1/accounts/{a.id}/unfollow")
    assert r.status_code == 200, describe(r)
    after = home_ids(srv, v)
    a_only = {expected_in[k] for k in expected_in if k.startswith("followed")}
    assert not a_only & set(after), f"unfollowed account's posts still at home: {a_only & set(after)}"
    for k in ("viewer's own", "viewer's reblog"):
        assert expected_in[k] in after, f"{k} missing after the unfollow: {after}"
