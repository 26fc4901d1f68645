"""Rejected writes on the social API: validation errors (422 with Mastodon's messages), the
character count (a URL counts 23), indistinguishable 404s, clamped limits — and after every
rejection nothing was written."""
from __future__ import annotations

import pytest

from social_util import Actor, anon_get, describe, module_server_fixture

srv = module_server_fixture()

URL_100 = "https://example.com/" + "a" * 80  # exactly 100 characters; counts as 23
assert len(URL_100) == 100


@pytest.fixture
def alice(srv) -> Actor:
    return Actor.create(srv, "alice")


@pytest.fixture
def bob(srv) -> Actor:
    return Actor.create(srv, "bob")


@pytest.fixture(scope="module")
def duo(srv) -> tuple[Actor, Actor]:
    return Actor.create(srv, "alice"), Actor.create(srv, "bob")


def statuses_count(actor: Actor) -> int:
    # GET /accounts/:id rather than verify_credentials, so that the "nothing was written" checks
    # do not depend on how fresh the token's cached account is.
    return actor.ok("GET", f"/api/v1/accounts/{actor.id}")["statuses_count"]


def own_status_ids(actor: Actor) -> list[str]:
    return [s["id"] for s in actor.ok("GET", f"/api/v1/accounts/{actor.id}/statuses", params={"limit": 40})]


def assert_rejected(actor: Actor, fields: dict, status: int, error: str | None = None,
                    json_body: bool = False):
    """POSTs a status that must be refused; checks the answer and that nothing was written."""
    before_count, before_ids = statuses_count(actor), own_status_ids(actor)
    r = actor.post("/api/v1/statuses", **({"json": fields} if json_body else {"data": fields}))
    assert r.status_code == status, describe(r)
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"], describe(r)
    if error is not None:
        assert body == {"error": error}, describe(r)
    assert statuses_count(actor) == before_count, "statuses_count changed after a rejected post"
    assert own_status_ids(actor) == before_ids, "a rejected post was stored"
    return body


# -- length ---------------------------------------------------------------------------------------

def test_501_characters_rejected(alice):
    assert_rejected(alice, {"status": "x" * 501}, 422,
                    "Validation failed: Text character limit of 500 exceeded")


def test_501_characters_rejected_json_body(alice):
    assert_rejected(alice, {"status": "y" * 501, "visibility": "public"}, 422,
                    "Validation failed: Text character limit of 500 exceeded", json_body=True)


def test_500_characters_accepted(alice):
    st = alice.status("x" * 500)
    assert st["content"] == "<p>" + "x" * 500 + "</p>"
    assert statuses_count(alice) == 1


def test_characters_are_counted_not_bytes(alice):
    # 500 two-byte letters and 500 four-byte emoji are 500 characters each.
    alice.status("é" * 500)
    alice.status("\U0001F44D" * 500)
    assert statuses_count(alice) == 2
    assert_rejected(alice, {"status": "é" * 501}, 422,
                    "Validation failed: Text character limit of 500 exceeded")


def test_url_counts_as_23_characters(alice):
    # 476 + 1 space + a 100-character URL counted as 23 = 500: accepted even though it is 577
    # characters long.
    text = "u" * 476 + " " + URL_100
    assert len(text) == 577
    st = alice.status(text)
    assert URL_100 in st["content"]
    assert statuses_count(alice) == 1
    # One more character: 501 counted.
    assert_rejected(alice, {"status": "u" * 477 + " " + URL_100}, 422,
                    "Validation failed: Text character limit of 500 exceeded")


def test_480_characters_plus_a_100_character_url(alice):
    # 480 + 1 space + 23 = 504 counted characters: over the limit in Mastodon too.
    assert_rejected(alice, {"status": "v" * 480 + " " + URL_100}, 422,
                    "Validation failed: Text character limit of 500 exceeded")
    # The URL first: 23 + 1 + 476 = 500 counted characters.
    st = alice.status(URL_100 + " " + "w" * 476)
    assert st["id"]
    # 380 + 100-character URL = 480 raw characters, 403 counted.
    alice.status("q" * 379 + " " + URL_100)
    assert statuses_count(alice) == 2


def test_spoiler_text_counts_toward_the_limit(alice):
    assert_rejected(alice, {"status": "s" * 400, "spoiler_text": "c" * 101}, 422,
                    "Validation failed: Text character limit of 500 exceeded")
    st = alice.status("s" * 400, spoiler_text="c" * 100)
    assert st["spoiler_text"] == "c" * 100


# -- other validation -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\t "], ids=["empty", "spaces", "whitespace"])
def test_blank_status_rejected(alice, text):
    assert_rejected(alice, {"status": text}, 422, "Validation failed: Text can't be blank")


def test_missing_status_field_rejected(alice):
    body = assert_rejected(alice, {"visibility": "public"}, 422)
    assert "blank" in body["error"] or "missing" in body["error"], body


@pytest.mark.parametrize("vis", ["everyone", "PUBLIC", "limited", "1"])
def test_invalid_visibility_rejected(alice, vis):
    assert_rejected(alice, {"status": "hello", "visibility": vis}, 422)


def test_reply_to_missing_status_rejected(alice):
    body = assert_rejected(alice, {"status": "a reply to nothing", "in_reply_to_id": "1234567890123"}, 404)
    assert body["error"]


def test_reply_to_invisible_status_rejected(alice, bob):
    secret = bob.status("only for my mentions", visibility="direct")
    r_missing = alice.post("/api/v1/statuses", data={"status": "x", "in_reply_to_id": "1234567890123"})
    before = statuses_count(alice)
    r = alice.post("/api/v1/statuses", data={"status": "x", "in_reply_to_id": secret["id"]})
    assert r.status_code == 404, describe(r)
    assert r.text == r_missing.text, f"{describe(r)}\nvs\n{describe(r_missing)}"
    assert statuses_count(alice) == before


# -- 404s -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("method,suffix", [
    ("GET", ""), ("GET", "/context"), ("GET", "/favourited_by"), ("GET", "/reblogged_by"),
    ("POST", "/favourite"), ("POST", "/reblog"), ("POST", "/bookmark"), ("POST", "/mute"),
    ("GET", "/source"), ("GET", "/history"),
])
def test_unknown_and_invisible_ids_give_identical_404s(duo, method, suffix):
    alice, bob = duo
    secret = bob.status(f"@{bob.username} a note to self", visibility="direct")
    unknown = alice.request(method, f"/api/v1/statuses/9999999999999999{suffix}")
    hidden = alice.request(method, f"/api/v1/statuses/{secret['id']}{suffix}")
    assert unknown.status_code == 404, describe(unknown)
    assert hidden.status_code == 404, describe(hidden)
    assert unknown.text == hidden.text, f"{describe(unknown)}\nvs\n{describe(hidden)}"
    assert hidden.json() == {"error": "Record not found"}
    # Nothing happened to the hidden status.
    seen = bob.ok("GET", f"/api/v1/statuses/{secret['id']}")
    assert seen["favourites_count"] == 0 and seen["reblogs_count"] == 0, seen


@pytest.mark.parametrize("bad_id", ["abc", "-1", "0", "99999999999999999999999", "1e5"])
def test_malformed_ids_are_404(duo, bad_id):
    alice = duo[0]
    r = alice.get(f"/api/v1/statuses/{bad_id}")
    assert r.status_code == 404, describe(r)
    assert r.json() == {"error": "Record not found"}, describe(r)


def test_cannot_delete_or_edit_someone_elses_status(alice, bob):
    st = bob.status("bob's own words")
    r = alice.request("DELETE", f"/api/v1/statuses/{st['id']}")
    assert r.status_code in (403, 404), describe(r)
    r = alice.request("PUT", f"/api/v1/statuses/{st['id']}", data={"status": "alice's words"})
    assert r.status_code in (403, 404), describe(r)
    after = bob.ok("GET", f"/api/v1/statuses/{st['id']}")
    assert "bob's own words" in after["content"].replace("&#39;", "'"), after["content"]
    assert after["edited_at"] is None
    assert statuses_count(bob) == 1


def test_edit_validation_keeps_the_old_text(alice):
    st = alice.status("short and sweet")
    r = alice.request("PUT", f"/api/v1/statuses/{st['id']}", data={"status": "z" * 501})
    assert r.status_code == 422, describe(r)
    assert r.json() == {"error": "Validation failed: Text character limit of 500 exceeded"}
    r = alice.request("PUT", f"/api/v1/statuses/{st['id']}", data={"status": ""})
    assert r.status_code == 422, describe(r)
    after = alice.ok("GET", f"/api/v1/statuses/{st['id']}")
    assert after["content"] == "<p>short and sweet</p>" and after["edited_at"] is None, after
    assert len(alice.ok("GET", f"/api/v1/statuses/{st['id']}/history")) == 1


def test_relationship_actions_on_unknown_accounts_are_404(alice):
    for action in ("follow", "unfollow", "block", "unblock", "mute", "unmute"):
        r = alice.post(f"/api/v1/accounts/9999999999999999/{action}")
        assert r.status_code == 404, describe(r)
        assert r.json() == {"error": "Record not found"}, describe(r)
    r = alice.get("/api/v1/accounts/9999999999999999")
    assert r.status_code == 404, describe(r)
    assert alice.ok("GET", f"/api/v1/accounts/{alice.id}")["following_count"] == 0


def test_cannot_follow_yourself(alice):
    r = alice.post(f"/api/v1/accounts/{alice.id}/follow")
    assert r.status_code in (403, 422), describe(r)
    me = alice.ok("GET", f"/api/v1/accounts/{alice.id}")
    assert me["following_count"] == 0 and me["followers_count"] == 0, me


# -- limits ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def prolific(srv):
    """A user with 45 public statuses, followed by a reader."""
    author = Actor.create(srv, "prolific")
    reader = Actor.create(srv, "reader")
    reader.follow(author)
    reader.ok("GET", "/api/v1/timelines/home")
    for i in range(45):
        author.status(f"status number {i} #clamp{author.username}")
    return author, reader


@pytest.mark.parametrize("path", ["account", "home", "public", "tag"])
@pytest.mark.parametrize("limit", ["100000", "41", "-5", "abc"])
def test_limit_is_clamped(srv, prolific, path, limit):
    author, reader = prolific
    url = {
        "account": f"/api/v1/accounts/{author.id}/statuses",
        "home": "/api/v1/timelines/home",
        "public": "/api/v1/timelines/public?local=true",
        "tag": f"/api/v1/timelines/tag/clamp{author.username}",
    }[path]
    r = reader.get(url, params={"limit": limit})
    if limit == "abc":
        # Mastodon ignores a non-numeric limit (to_i -> 0 -> default); a 400 is also acceptable.
        assert r.status_code in (200, 400), describe(r)
        if r.status_code == 200:
            assert 1 <= len(r.json()) <= 40, len(r.json())
        return
    assert r.status_code == 200, describe(r)
    n = len(r.json())
    assert 1 <= n <= 40, f"limit={limit} returned {n} statuses"
    if limit in ("100000", "41"):
        assert n == 40, f"limit={limit} should be clamped to 40, got {n}"


def test_notifications_limit_clamped_to_80(srv):
    target = Actor.create(srv, "popular")
    fan = Actor.create(srv, "fan")
    st = target.status("a post to like")
    for i in range(3):
        fan.status(f"@{target.username} hello {i}")
    fan.ok("POST", f"/api/v1/statuses/{st['id']}/favourite")
    r = target.get("/api/v1/notifications", params={"limit": "100000"})
    assert r.status_code == 200, describe(r)
    assert len(r.json()) == 4


def test_anonymous_writes_are_401(srv):
    import requests
    r = requests.post(srv.base_url + "/api/v1/statuses", data={"status": "who am I"}, timeout=30)
    assert r.status_code == 401, describe(r)
    assert "error" in r.json()
    r = anon_get(srv, "/api/v1/timelines/home")
    assert r.status_code == 401, describe(r)
