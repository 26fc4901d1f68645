"""The admin CLI works against the data dir of a running server, config errors are reported with
exit code 2, and `parloir version` prints a version."""
import re
import subprocess

import requests

from helpers import (ParloirServer, bearer, create_app, password_token, parloir_bin,
                     token_request)


def line_of(listing: str, username: str) -> str:
    for line in listing.splitlines():
        if re.search(rf"(?<![\w@]){re.escape(username)}(?!\w)", line):
            return line
    raise AssertionError(f"{username} not in `admin account list`:\n{listing}")


def test_first_start_prints_admin_credentials(server):
    out = server.stdout_text()
    assert re.search(r"^  username: admin$", out, re.M), out
    assert re.search(r"^  email:    admin@127\.0\.0\.1$", out, re.M), out
    assert re.search(r"^  password: \S{12,}$", out, re.M), out
    admin = server.admin
    app = create_app(server.base_url)
    token = password_token(server.base_url, app, admin)
    me = requests.get(server.base_url + "/api/v1/accounts/verify_credentials",
                      headers=bearer(token), timeout=30).json()
    assert me["username"] == "admin"


def test_admin_block_not_printed_again_on_restart(server):
    server.stop()
    before = server.stdout_text().count("password:")
    server.start()
    assert server.stdout_text().count("password:") == before


def test_create_and_list_while_running(server):
    user = server.create_user(username="alice", email="alice@example.com", password="alice-pw-123456")
    listing = server.cli("admin", "account", "list").stdout
    line_of(listing, "alice")
    line_of(listing, "admin")
    app = create_app(server.base_url)
    token = password_token(server.base_url, app, user)
    me = requests.get(server.base_url + "/api/v1/accounts/verify_credentials",
                      headers=bearer(token), timeout=30).json()
    assert me["username"] == "alice"


def test_create_duplicate_username_fails(server):
    server.create_user(username="bob")
    proc = server.cli("admin", "account", "create", "--username", "bob", "--email",
                      "bob2@example.com", "--password", "another-password-1", check=False)
    assert proc.returncode != 0
    assert proc.stderr.strip(), "an error must be reported on stderr"
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_set_role(server):
    server.create_user(username="carol")
    assert "moderator" not in line_of(server.cli("admin", "account", "list").stdout, "carol")
    server.cli("admin", "account", "set-role", "carol", "moderator")
    assert "moderator" in line_of(server.cli("admin", "account", "list").stdout, "carol")
    bad = server.cli("admin", "account", "set-role", "carol", "emperor", check=False)
    assert bad.returncode != 0


def test_suspend_and_unsuspend(server):
    user = server.create_user(username="dave")
    app = create_app(server.base_url)
    old_token = password_token(server.base_url, app, user)

    server.cli("admin", "account", "suspend", "dave")
    assert "suspend" in line_of(server.cli("admin", "account", "list").stdout, "dave").lower()
    r = token_request(server.base_url, grant_type="password", client_id=app.client_id,
                      client_secret=app.client_secret, username=user.email,
                      password=user.password, scope="read")
    assert r.status_code != 200 and "access_token" not in r.text, \
        f"a suspended account got a token: {r.status_code} {r.text}"
    me = requests.get(server.base_url + "/api/v1/accounts/verify_credentials",
                      headers=bearer(old_token), timeout=30)
    assert me.status_code in (401, 403), f"a suspended account's token still works: {me.text}"

    server.cli("admin", "account", "unsuspend", "dave")
    password_token(server.base_url, app, user)


def test_reset_password(server):
    user = server.create_user(username="erin", password="erin-old-password")
    server.cli("admin", "account", "reset-password", "erin",
               "--password", "erin-new-password")
    app = create_app(server.base_url)
    old = token_request(server.base_url, grant_type="password", client_id=app.client_id,
                        client_secret=app.client_secret, username=user.email,
                        password="erin-old-password", scope="read")
    assert old.status_code == 400, old.text
    user.password = "erin-new-password"
    password_token(server.base_url, app, user)


def test_unknown_user_is_an_error(server):
    proc = server.cli("admin", "account", "suspend", "nobody-here", check=False)
    assert proc.returncode != 0
    assert proc.stderr.strip()


def run_serve(tmp_path, env_extra, *flags):
    s = ParloirServer(tmp_path / "cfg")
    env = s.env()
    env.update(env_extra)
    return subprocess.run([parloir_bin(), "serve", "--data-dir", str(s.data_dir), *flags],
                          capture_output=True, text=True, env=env, timeout=30)


def test_bad_listen_value_exits_2_naming_the_key(tmp_path):
    proc = run_serve(tmp_path, {"PARLOIR_SERVER_LISTEN": "nonsense"})
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert re.search(r"server\.listen|PARLOIR_SERVER_LISTEN", proc.stderr), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_bad_registrations_value_exits_2(tmp_path):
    proc = run_serve(tmp_path, {"PARLOIR_INSTANCE_REGISTRATIONS": "sometimes"})
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "registrations" in proc.stderr, proc.stderr


def test_bad_listen_flag_exits_2(tmp_path):
    proc = run_serve(tmp_path, {}, "--listen", "127.0.0.1:notaport")
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "listen" in proc.stderr, proc.stderr


def test_version():
    proc = subprocess.run([parloir_bin(), "version"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"\b\d+\.\d+\.\d+\b", proc.stdout), proc.stdout


def test_reset_password_without_password_prints_a_new_one(server):
    user = server.create_user(username="frank", password="frank-old-password")
    out = server.cli("admin", "account", "reset-password", "frank").stdout
    m = re.search(r"^new password: (\S+)$", out, re.M)
    assert m, out
    user.password = m.group(1)
    password_token(server.base_url, create_app(server.base_url), user)
