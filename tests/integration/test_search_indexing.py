"""Full-text search with batched indexing (store migration 19): a new or edited status waits in
status_search_pending until indexed, yet a search right after posting, editing or deleting sees
exactly the committed text; statuses acknowledged just before a SIGKILL are found after the
restart; the scheduler empties the pending set on its own; and the FTS5 index stays consistent
with its content table (FTS5 'integrity-check')."""
import sqlite3
import time

from mastodon import Mastodon

from helpers import bearer

import requests

SCOPES = ["read", "write", "follow", "push"]


def login(server, name):
    user = server.create_user(name)
    app = Mastodon.create_app("search indexing test", scopes=SCOPES, api_base_url=server.base_url)
    m = Mastodon(client_id=app[0], client_secret=app[1], api_base_url=server.base_url)
    token = m.log_in(user.email, user.password, scopes=SCOPES)
    return m, token


def found(m, q):
    return [str(s["id"]) for s in m.search_v2(q, result_type="statuses")["statuses"]]


def pending_count(db_path):
    con = sqlite3.connect(str(db_path), timeout=10)
    try:
        return con.execute("SELECT count(*) FROM status_search_pending").fetchone()[0]
    finally:
        con.close()


def fts_integrity(db_path):
    con = sqlite3.connect(str(db_path), timeout=10)
    try:
        # Raises sqlite3.DatabaseError ("database disk image is malformed") when the index and
        # the statuses' text disagree.
        con.execute("INSERT INTO status_search (status_search) VALUES ('integrity-check')")
        con.commit()
    finally:
        con.close()


def test_search_sees_posts_edits_and_deletes_at_once(server_factory):
    server = server_factory(env={"PARLOIR_RATE_LIMITS_ENABLED": "false"})
    server.start()
    m, token = login(server, "searcher")

    first = m.status_post("zebracorn grazing on the hill")
    assert found(m, "zebracorn") == [str(first["id"])]  # no wait: search indexes what is pending

    second = m.status_post("another zebracorn appears")
    m.status_update(second["id"], "an okapicorn appears instead")
    assert found(m, "zebracorn") == [str(first["id"])]
    assert found(m, "okapicorn") == [str(second["id"])]

    # Edited and deleted before any indexing: nothing of the old text is left behind.
    third = m.status_post("quaggacorn one")
    m.status_update(third["id"], "quaggacorn two")
    fourth = m.status_post("quaggacorn doomed")
    m.status_delete(fourth["id"])
    assert found(m, "quaggacorn") == [str(third["id"])]
    assert found(m, "doomed") == []
    assert found(m, "one") == []

    # An indexed status edited and then deleted.
    m.status_update(first["id"], "zebracorn resting")
    assert found(m, "grazing") == []
    assert found(m, "resting") == [str(first["id"])]
    m.status_delete(first["id"])
    assert found(m, "zebracorn") == []

    # With no search at all, the scheduler (once a second) indexes new statuses by itself.
    for i in range(5):
        r = requests.post(server.base_url + "/api/v1/statuses", headers=bearer(token),
                          data={"status": f"background lemurcorn {i}"}, timeout=30)
        assert r.status_code == 200, r.text
    deadline = time.time() + 15
    while pending_count(server.db_path) > 0 and time.time() < deadline:
        time.sleep(0.2)
    assert pending_count(server.db_path) == 0
    assert len(found(m, "lemurcorn")) == 5

    assert server.stop() == 0
    fts_integrity(server.db_path)


def test_statuses_acknowledged_before_sigkill_are_searchable_after_restart(server_factory):
    server = server_factory(env={"PARLOIR_RATE_LIMITS_ENABLED": "false"})
    server.start()
    m, token = login(server, "killer")
    acked = []
    for i in range(20):
        r = requests.post(server.base_url + "/api/v1/statuses", headers=bearer(token),
                          data={"status": f"wombatcorn number {i}"}, timeout=30)
        assert r.status_code == 200, r.text
        acked.append(r.json()["id"])
    server.kill()  # SIGKILL: whatever was pending is still pending on disk

    server.start()
    m2 = Mastodon(access_token=token, api_base_url=server.base_url)
    assert sorted(found(m2, "wombatcorn"), key=int) == sorted(acked, key=int)
    assert pending_count(server.db_path) == 0
    assert server.stop() == 0
    fts_integrity(server.db_path)
