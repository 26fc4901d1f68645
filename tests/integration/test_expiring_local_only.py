"""Expiring statuses (`expires_in` on create; deleted by the runner at their time, durable across
a restart) and instance.local_only_default (new statuses local-only unless asked otherwise,
reported as `local_only` in the Status entity)."""
import time

import requests

from helpers import bearer
from org_util import login

FAST = {"PARLOIR_INSTANCE_MIN_EXPIRES_IN": "1"}


def status_exists(server, token, sid):
    r = requests.get(f"{server.base_url}/api/v1/statuses/{sid}", headers=bearer(token), timeout=30)
    assert r.status_code in (200, 404), r.text
    return r.status_code == 200


def test_expiring_status_is_gone_at_its_time(server_factory):
    s = server_factory(env=FAST).start()
    u = s.create_user()
    m = login(s, u.email, u.password)
    posted_at = time.monotonic()  # before the request: the status expires at least 3 s after this
    r = requests.post(s.base_url + "/api/v1/statuses", data={"status": "lunch is served", "expires_in": "3"},
                      headers=bearer(m.access_token), timeout=30)
    assert r.status_code == 200, r.text
    sid = r.json()["id"]
    keep = m.status_post("this one stays")
    assert status_exists(s, m.access_token, sid)
    while status_exists(s, m.access_token, sid) and time.monotonic() - posted_at < 20:
        time.sleep(0.25)
    gone_after = time.monotonic() - posted_at
    assert not status_exists(s, m.access_token, sid)
    # Never early; late by at most the runner's 1 s tick plus scheduling slack on a loaded machine.
    assert 2.95 <= gone_after <= 12.0, f"deleted after {gone_after:.1f}s, expected about 3s"
    assert sid not in [str(st["id"]) for st in m.timeline_home()]
    assert status_exists(s, m.access_token, keep["id"])


def test_expiry_survives_a_restart(server_factory):
    s = server_factory(env=FAST).start()
    u = s.create_user()
    m = login(s, u.email, u.password)
    r = requests.post(s.base_url + "/api/v1/statuses", data={"status": "temporary", "expires_in": "4"},
                      headers=bearer(m.access_token), timeout=30)
    sid = r.json()["id"]
    s.kill()  # SIGKILL before its time
    time.sleep(4.5)
    s.start()
    deadline = time.monotonic() + 10
    while status_exists(s, m.access_token, sid) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not status_exists(s, m.access_token, sid)


def test_expires_in_bounds(server):
    u = server.create_user()
    m = login(server, u.email, u.password)
    for bad in ("30", "abc", "999999999999"):
        r = requests.post(server.base_url + "/api/v1/statuses", data={"status": "x", "expires_in": bad},
                          headers=bearer(m.access_token), timeout=30)
        assert r.status_code == 422, (bad, r.text)
    r = requests.post(server.base_url + "/api/v1/statuses", data={"status": "x", "expires_in": "60"},
                      headers=bearer(m.access_token), timeout=30)
    assert r.status_code == 200, r.text


def test_local_only_default(server_factory):
    s = server_factory(env={"PARLOIR_INSTANCE_LOCAL_ONLY_DEFAULT": "true"}).start()
    u = s.create_user()
    m = login(s, u.email, u.password)
    st = m.status_post("members only")
    assert st["local_only"] is True
    r = requests.post(s.base_url + "/api/v1/statuses", data={"status": "for everyone", "local_only": "false"},
                      headers=bearer(m.access_token), timeout=30)
    assert r.status_code == 200 and r.json()["local_only"] is False


def test_local_only_is_off_by_default(server):
    u = server.create_user()
    m = login(server, u.email, u.password)
    assert m.status_post("hello")["local_only"] is False
