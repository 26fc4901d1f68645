"""Scheduled statuses (mastodon-api.md §3, §5.13 ScheduledStatus, §6.5): POST /api/v1/statuses
with scheduled_at answers a ScheduledStatus, the 5-minute minimum (instance.min_schedule_seconds,
2 s in these servers), GET/PUT/DELETE /api/v1/scheduled_statuses[/:id] with Link paging, the
runner publishing due ones, and Mastodon.py's status_post(scheduled_at=…)."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from mastodon import Mastodon

from social_util import Actor, describe

MIN_S = 2


def iso(seconds_from_now: float, offset: bool = False) -> str:
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds_from_now)
    if offset:  # Mastodon.py's form: +00:00, no fractions
        return t.replace(microsecond=0).isoformat()
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


@pytest.fixture
def srv(server_factory):
    return server_factory(env={"PARLOIR_INSTANCE_MIN_SCHEDULE_SECONDS": str(MIN_S)}).start()


def wait_for(predicate, timeout: float = 20.0, step: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def test_too_soon_is_422_with_mastodons_message(server_factory):
    s = server_factory().start()  # default minimum: 5 minutes
    a = Actor.create(s)
    r = a.post("/api/v1/statuses", data={"status": "soon", "scheduled_at": iso(120)})
    assert r.status_code == 422, describe(r)
    assert r.json() == {"error": "Validation failed: Scheduled at must be at least 5 minutes in the future"}
    ok = a.post("/api/v1/statuses", data={"status": "later", "scheduled_at": iso(400, offset=True)})
    assert ok.status_code == 200, describe(ok)
    bad = a.post("/api/v1/statuses", data={"status": "x", "scheduled_at": "next tuesday"})
    assert bad.status_code == 422, describe(bad)


def test_schedule_show_list_update_delete_and_publish(srv):
    a = Actor.create(srv)
    b = Actor.create(srv)
    r = a.post("/api/v1/statuses", data={"status": "from the future", "spoiler_text": "cw", "sensitive": "true",
                                          "visibility": "unlisted", "language": "en",
                                          "scheduled_at": iso(MIN_S + 1)})
    assert r.status_code == 200, describe(r)
    sched = r.json()
    assert set(sched) == {"id", "scheduled_at", "params", "media_attachments"}
    assert sched["media_attachments"] == []
    assert sched["scheduled_at"].endswith("Z") and "." in sched["scheduled_at"]
    p = sched["params"]
    assert p["text"] == "from the future"
    assert p["spoiler_text"] == "cw" and p["sensitive"] is True
    assert p["visibility"] == "unlisted" and p["language"] == "en"
    assert p["in_reply_to_id"] is None and p["poll"] is None and p["media_ids"] is None
    assert p["idempotency"] is None and p["with_rate_limit"] is False and p["scheduled_at"] is None
    assert isinstance(p["application_id"], int)

    far = a.ok("POST", "/api/v1/statuses", data={"status": "much later", "scheduled_at": iso(3600)})
    assert a.ok("GET", f"/api/v1/scheduled_statuses/{far['id']}")["params"]["text"] == "much later"
    listed = a.ok("GET", "/api/v1/scheduled_statuses")
    assert [x["id"] for x in listed] == [far["id"], sched["id"]]
    page = a.get("/api/v1/scheduled_statuses", params={"limit": 1})
    assert [x["id"] for x in page.json()] == [far["id"]]
    assert 'rel="next"' in page.headers.get("Link", ""), page.headers
    # Someone else's: 404 everywhere.
    assert b.get(f"/api/v1/scheduled_statuses/{sched['id']}").status_code == 404
    assert b.request("DELETE", f"/api/v1/scheduled_statuses/{sched['id']}").status_code == 404
    assert b.ok("GET", "/api/v1/scheduled_statuses") == []

    # Reschedule: too soon is refused, later is fine.
    assert a.request("PUT", f"/api/v1/scheduled_statuses/{far['id']}",
                     data={"scheduled_at": iso(0.5)}).status_code == 422
    moved = a.ok("PUT", f"/api/v1/scheduled_statuses/{far['id']}", data={"scheduled_at": iso(7200)})
    assert moved["id"] == far["id"] and moved["scheduled_at"] != far["scheduled_at"]
    # Cancel.
    assert a.ok("DELETE", f"/api/v1/scheduled_statuses/{far['id']}") == {}
    assert a.get(f"/api/v1/scheduled_statuses/{far['id']}").status_code == 404

    # The runner publishes the first one within a couple of seconds of its time.
    def published():
        items = a.ok("GET", f"/api/v1/accounts/{a.id}/statuses")
        return [x for x in items if "from the future" in x["content"]]

    found = wait_for(published)
    assert found, "the scheduled status was not published"
    st = found[0]
    assert st["visibility"] == "unlisted" and st["spoiler_text"] == "cw" and st["sensitive"] is True
    assert a.get(f"/api/v1/scheduled_statuses/{sched['id']}").status_code == 404
    assert a.ok("GET", "/api/v1/scheduled_statuses") == []
    time.sleep(1.5)
    assert len(published()) == 1, "published twice"


def test_scheduled_reply_and_requires_auth(srv):
    a = Actor.create(srv)
    parent = a.status("parent")
    sched = a.ok("POST", "/api/v1/statuses", data={"status": "reply later", "in_reply_to_id": parent["id"],
                                                   "scheduled_at": iso(MIN_S + 0.5)})
    assert sched["params"]["in_reply_to_id"] == parent["id"]
    import requests
    assert requests.get(srv.base_url + "/api/v1/scheduled_statuses", timeout=30).status_code == 401
    ctx = wait_for(lambda: a.ok("GET", f"/api/v1/statuses/{parent['id']}/context")["descendants"])
    assert ctx and ctx[0]["in_reply_to_id"] == parent["id"]


def test_mastodon_py_scheduling(srv):
    a = Actor.create(srv)
    m = Mastodon(access_token=a.token, api_base_url=srv.base_url)
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=3600)
    sched = m.status_post("via Mastodon.py", scheduled_at=when)
    assert "scheduled_at" in sched and sched["params"]["text"] == "via Mastodon.py"
    assert [s["id"] for s in m.scheduled_statuses()] == [sched["id"]]
    assert m.scheduled_status(sched["id"])["params"]["text"] == "via Mastodon.py"
    later = when + dt.timedelta(hours=1)
    moved = m.scheduled_status_update(sched["id"], later)
    assert abs(moved["scheduled_at"].timestamp() - later.timestamp()) < 1
    m.scheduled_status_delete(sched["id"])
    assert m.scheduled_statuses() == []
