"""An acknowledged write survives SIGKILL: a burst of registrations (POST /api/v1/accounts) is cut
by SIGKILL half-way; after a restart on the same data dir every account whose creation was
answered 200 exists, and the database passes PRAGMA integrity_check."""
import re
import secrets
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from helpers import bearer, client_credentials_token, create_app

TOTAL = 60
KILL_AFTER = 30
WORKERS = 8


def integrity_check(db_path):
    con = sqlite3.connect(str(db_path), timeout=10)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()
    assert rows == [("ok",)], rows


def test_acknowledged_registrations_survive_sigkill(server_factory):
    server = server_factory(env={"PARLOIR_INSTANCE_REGISTRATIONS": "open"})
    server.start()
    app = create_app(server.base_url, scopes="read write follow push")
    app_token = client_credentials_token(server.base_url, app, scope="read write")

    tag = secrets.token_hex(3)
    acknowledged: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    half = threading.Event()
    killed = threading.Event()

    def register(i: int):
        username = f"dur{tag}n{i:02d}"
        try:
            r = requests.post(server.base_url + "/api/v1/accounts", headers=bearer(app_token),
                              timeout=60, data={
                                  "username": username, "email": f"{username}@example.com",
                                  "password": "correct horse " + username, "agreement": "true",
                                  "locale": "en"})
        except requests.RequestException as e:
            if not killed.is_set():
                with lock:
                    failures.append(f"{username}: {e!r}")
            return
        if r.status_code == 200:
            assert r.json().get("access_token"), r.text
            with lock:
                acknowledged.append(username)
                if len(acknowledged) >= KILL_AFTER:
                    half.set()
        elif not killed.is_set():
            with lock:
                failures.append(f"{username}: {r.status_code} {r.text[:200]}")

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(register, i) for i in range(TOTAL)]
        half.wait(timeout=180)
        with lock:
            # Snapshot under the lock: anything acknowledged before the kill must survive it.
            acked_before_kill = list(acknowledged)
            killed.set()
            server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        for f in futures:
            f.result()

    assert not failures, "registrations failed before the kill:\n" + "\n".join(failures[:10])
    assert len(acked_before_kill) >= KILL_AFTER, \
        f"only {len(acked_before_kill)} registrations were acknowledged within 180 s"
    # Requests answered 200 between the snapshot and the kill also count.
    must_exist = set(acknowledged)
    print(f"{len(must_exist)} of {TOTAL} registrations acknowledged before SIGKILL")

    integrity_check(server.db_path)  # the state SIGKILL left behind

    server.start()
    listing = server.cli("admin", "account", "list").stdout
    missing = [u for u in sorted(must_exist)
               if not re.search(rf"(?<![\w@]){re.escape(u)}(?!\w)", listing)]
    assert not missing, f"acknowledged accounts lost after SIGKILL: {missing}\nlist:\n{listing}"

    # The restarted server serves them: a password grant for a few of them works.
    app_after = create_app(server.base_url, scopes="read")
    for username in sorted(must_exist)[:3]:
        r = requests.post(server.base_url + "/oauth/token", timeout=60, data={
            "grant_type": "password", "client_id": app_after.client_id,
            "client_secret": app_after.client_secret, "username": f"{username}@example.com",
            "password": "correct horse " + username, "scope": "read"})
        assert r.status_code == 200, f"{username}: {r.status_code} {r.text}"
        me = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", timeout=30,
                          headers=bearer(r.json()["access_token"]))
        assert me.status_code == 200 and me.json()["username"] == username, me.text

    assert server.stop() == 0, f"graceful shutdown failed:\n{server.stderr_text()[-3000:]}"
    integrity_check(server.db_path)


def test_sigterm_is_graceful(server):
    time.sleep(0.2)
    code = server.stop(timeout=15)
    assert code == 0, f"exit code {code} after SIGTERM\n{server.stderr_text()[-3000:]}"
    integrity_check(server.db_path)
