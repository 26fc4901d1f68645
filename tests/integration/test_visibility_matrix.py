"""Who can read what: status visibility {public, unlisted, private, direct} x viewer {author,
follower, non-follower, mentioned, blocked (the author blocked them), anonymous} x every read
endpoint. Each expectation is its own test case; the world is built once per module.

Mastodon's rules:
- public: visible to everyone; on the public and tag timelines;
- unlisted: visible to everyone (anonymous included) but on no public or tag timeline;
- private: the author, followers and mentioned accounts;
- direct: the author and mentioned accounts;
- a viewer blocked by the author sees nothing of the author (404 on the status and its context,
  absent from lists and timelines);
- home timelines: the author's own statuses, and the statuses of followed accounts except direct
  ones that do not mention the follower (Mastodon delivers direct statuses only to mentioned
  followers);
- an invisible status and a missing id give the same 404 and the same body.

World: A (author) posts a public parent P, then, for each visibility v, a status S_v
"... @M #tag" and a reply R_v to P "... @M" (both mention M). F follows A. A blocks X. N is
unrelated. A favourites every S_v (so favourited_by has content when visible).
"""
from __future__ import annotations

import functools

import pytest
import requests

from social_util import Actor, anon_get, describe, module_server_fixture, unique

VISIBILITIES = ["public", "unlisted", "private", "direct"]
VIEWERS = ["author", "follower", "non_follower", "mentioned", "blocked", "anonymous"]
MISSING_ID = "1234567890123456"

srv = module_server_fixture()


def can_see(vis: str, viewer: str) -> bool:
    return {
        "author": True,
        "mentioned": True,
        "follower": vis in ("public", "unlisted", "private"),
        "non_follower": vis in ("public", "unlisted"),
        "anonymous": vis in ("public", "unlisted"),
        "blocked": False,
    }[viewer]


def in_home(vis: str, viewer: str) -> bool:
    return viewer == "author" or (viewer == "follower" and vis != "direct")


def on_public_timelines(vis: str, viewer: str) -> bool:
    return vis == "public" and viewer != "blocked"


class World:
    def __init__(self, s):
        self.s = s
        self.tag = unique("vmx")
        self.actors = {
            "author": Actor.create(s, "author"),
            "follower": Actor.create(s, "follower"),
            "non_follower": Actor.create(s, "stranger"),
            "mentioned": Actor.create(s, "mentioned"),
            "blocked": Actor.create(s, "blocked"),
        }
        a = self.actors["author"]
        m = self.actors["mentioned"]
        self.actors["follower"].follow(a)
        rel = a.ok("POST", f"/api/v1/accounts/{self.actors['blocked'].id}/block")
        assert rel["blocking"] is True, rel
        self.parent = a.status("the public parent", visibility="public")
        self.standalone: dict[str, dict] = {}
        self.replies: dict[str, dict] = {}
        for v in VISIBILITIES:
            st = a.status(f"matrix {v} @{m.username} #{self.tag}", visibility=v)
            assert st["visibility"] == v, st
            self.standalone[v] = st
            rp = a.status(f"reply {v} @{m.username}", visibility=v, in_reply_to_id=self.parent["id"])
            assert rp["in_reply_to_id"] == self.parent["id"], rp
            self.replies[v] = rp
            fav = a.ok("POST", f"/api/v1/statuses/{st['id']}/favourite")
            assert fav["favourited"] is True, fav

    def get(self, viewer: str, path: str, **kw) -> requests.Response:
        if viewer == "anonymous":
            return anon_get(self.s, path, **kw)
        return self.actors[viewer].get(path, **kw)

    @functools.lru_cache(maxsize=None)
    def listing(self, viewer: str, path: str) -> requests.Response:
        """A cached GET of a list endpoint (limit 40: the world has fewer statuses)."""
        return self.get(viewer, path, params={"limit": 40})

    @functools.lru_cache(maxsize=None)
    def missing(self, viewer: str, path_template: str) -> requests.Response:
        return self.get(viewer, path_template.format(id=MISSING_ID))


@pytest.fixture(scope="module")
def world(srv) -> World:
    return World(srv)


def cases():
    for endpoint in ("status", "context", "account_statuses", "home", "public_local", "tag",
                     "favourited_by", "reblogged_by", "notifications"):
        for vis in VISIBILITIES:
            for viewer in VIEWERS:
                yield pytest.param(endpoint, vis, viewer, id=f"{endpoint}-{vis}-{viewer}")


def assert_same_404(world: World, viewer: str, r: requests.Response, template: str):
    assert r.status_code == 404, describe(r)
    missing = world.missing(viewer, template)
    assert missing.status_code == 404, describe(missing)
    assert r.text == missing.text, \
        f"an invisible status and a missing one must be indistinguishable:\n{describe(r)}\nvs\n{describe(missing)}"
    assert r.json() == {"error": "Record not found"}, describe(r)
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers


def listed_ids(r: requests.Response) -> list[str]:
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert isinstance(body, list), describe(r)
    return [x["id"] for x in body]


@pytest.mark.parametrize("endpoint,vis,viewer", list(cases()))
def test_visibility(world: World, endpoint: str, vis: str, viewer: str):
    st = world.standalone[vis]
    sid = st["id"]
    author = world.actors["author"]
    visible = can_see(vis, viewer)

    if endpoint == "status":
        r = world.get(viewer, f"/api/v1/statuses/{sid}")
        if visible:
            assert r.status_code == 200, describe(r)
            body = r.json()
            assert body["id"] == sid and body["visibility"] == vis, body
        else:
            assert_same_404(world, viewer, r, "/api/v1/statuses/{id}")

    elif endpoint == "context":
        r = world.listing(viewer, f"/api/v1/statuses/{world.parent['id']}/context")
        if viewer == "blocked":  # the public parent itself is invisible to a blocked viewer
            assert_same_404(world, viewer, r, "/api/v1/statuses/{id}/context")
            return
        assert r.status_code == 200, describe(r)
        ctx = r.json()
        assert ctx["ancestors"] == [], ctx["ancestors"]
        got = [x["id"] for x in ctx["descendants"]]
        assert (world.replies[vis]["id"] in got) == visible, \
            f"{vis} reply {'missing from' if visible else 'leaked into'} the context for {viewer}: {got}"
        # Whatever is listed must be visible to the viewer.
        allowed = {world.replies[v]["id"] for v in VISIBILITIES if can_see(v, viewer)}
        assert set(got) <= allowed, f"leaked: {set(got) - allowed}"

    elif endpoint == "account_statuses":
        r = world.listing(viewer, f"/api/v1/accounts/{author.id}/statuses")
        got = listed_ids(r)
        assert (sid in got) == visible, \
            f"{vis} status {'missing from' if visible else 'leaked into'} the author's profile for {viewer}"

    elif endpoint == "home":
        r = world.listing(viewer, "/api/v1/timelines/home")
        if viewer == "anonymous":
            assert r.status_code == 401, describe(r)
            assert "error" in r.json()
            return
        got = listed_ids(r)
        assert (sid in got) == in_home(vis, viewer), \
            f"{vis} status {'missing from' if in_home(vis, viewer) else 'leaked into'} {viewer}'s home"

    elif endpoint == "public_local":
        r = world.listing(viewer, "/api/v1/timelines/public?local=true")
        got = listed_ids(r)
        want = on_public_timelines(vis, viewer)
        assert (sid in got) == want, \
            f"{vis} status {'missing from' if want else 'leaked into'} the local public timeline for {viewer}"
        r2 = world.listing(viewer, "/api/v1/timelines/public")
        assert (sid in listed_ids(r2)) == want, "same on the federated public timeline"

    elif endpoint == "tag":
        r = world.listing(viewer, f"/api/v1/timelines/tag/{world.tag}")
        got = listed_ids(r)
        want = on_public_timelines(vis, viewer)
        assert (sid in got) == want, \
            f"{vis} status {'missing from' if want else 'leaked into'} the tag timeline for {viewer}"

    elif endpoint in ("favourited_by", "reblogged_by"):
        r = world.get(viewer, f"/api/v1/statuses/{sid}/{endpoint}")
        if visible:
            got = listed_ids(r)
            assert got == ([author.id] if endpoint == "favourited_by" else []), got
        else:
            assert_same_404(world, viewer, r, "/api/v1/statuses/{id}/" + endpoint)

    elif endpoint == "notifications":
        r = world.listing(viewer, "/api/v1/notifications")
        if viewer == "anonymous":
            assert r.status_code == 401, describe(r)
            return
        assert r.status_code == 200, describe(r)
        mentions = {n["status"]["id"] for n in r.json() if n["type"] == "mention"}
        for st_ in (world.standalone[vis], world.replies[vis]):
            want = viewer == "mentioned"
            assert (st_["id"] in mentions) == want, \
                f"{vis} status: mention notification {'missing for' if want else 'sent to'} {viewer}"
        # No notification of any kind may carry a status the viewer cannot see.
        for n in r.json():
            if n.get("status"):
                s_id = n["status"]["id"]
                for v in VISIBILITIES:
                    if s_id in (world.standalone[v]["id"], world.replies[v]["id"]):
                        assert can_see(v, viewer), f"{viewer} notified about an invisible {v} status"
    else:  # pragma: no cover
        raise AssertionError(endpoint)


def test_blocked_viewer_sees_the_author_account_but_nothing_posted(world: World):
    x = world.actors["blocked"]
    a = world.actors["author"]
    r = x.get(f"/api/v1/accounts/{a.id}/statuses")
    assert listed_ids(r) == [], describe(r)
    r = x.get(f"/api/v1/statuses/{world.parent['id']}")
    assert_same_404(world, "blocked", r, "/api/v1/statuses/{id}")
    [rel] = x.ok("GET", "/api/v1/accounts/relationships", params={"id[]": a.id})
    assert rel["blocked_by"] is True and rel["following"] is False, rel


def test_batch_statuses_endpoint_filters_invisible(world: World):
    """GET /api/v1/statuses?id[]=… returns only what the viewer can see (Mastodon drops the rest)."""
    all_ids = [world.standalone[v]["id"] for v in VISIBILITIES]
    for viewer in VIEWERS:
        r = world.get(viewer, "/api/v1/statuses", params={"id[]": all_ids})
        got = sorted(listed_ids(r))
        want = sorted(world.standalone[v]["id"] for v in VISIBILITIES if can_see(v, viewer))
        assert got == want, f"{viewer}: got {got}, want {want}"
