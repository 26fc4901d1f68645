"""Posting input: Idempotency-Key on POST /api/v1/statuses (mastodon-api.md §6.9) — a retry with the same key by
the same account returns the first status instead of posting again; other keys and other
accounts post normally."""
from __future__ import annotations

from social_util import Actor, module_server_fixture

srv = module_server_fixture()


def test_same_key_returns_the_same_status_once(srv):
    a, b = Actor.create(srv, "ik"), Actor.create(srv, "ij")
    first = a.ok("POST", "/api/v1/statuses", data={"status": "only once"}, headers={"Idempotency-Key": "k-1"})
    again = a.ok("POST", "/api/v1/statuses", data={"status": "only once"}, headers={"Idempotency-Key": "k-1"})
    assert again["id"] == first["id"]
    other_key = a.ok("POST", "/api/v1/statuses", data={"status": "only once"}, headers={"Idempotency-Key": "k-2"})
    assert other_key["id"] != first["id"]
    other_account = b.ok("POST", "/api/v1/statuses", data={"status": "only once"}, headers={"Idempotency-Key": "k-1"})
    assert other_account["id"] != first["id"]
    statuses = a.ok("GET", f"/api/v1/accounts/{a.id}/statuses")
    assert [s["id"] for s in statuses].count(first["id"]) == 1
    assert len(statuses) == 2


def test_unknown_media_ids_are_refused_rather_than_dropped(srv):
    a = Actor.create(srv, "im")
    r = a.post("/api/v1/statuses", data={"status": "with a picture", "media_ids[]": "123"})
    assert r.status_code == 422 and "Media" in r.json()["error"]
    assert a.ok("GET", f"/api/v1/accounts/{a.id}/statuses") == []
