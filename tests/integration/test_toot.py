"""toot 0.34.1 (the Debian package): `toot login_cli` with the password piped on stdin (toot reads
stdin when it is not a TTY; auth.py login_interactive), then `toot whoami`.

toot keeps its config in $XDG_CONFIG_HOME/toot/config.json: each test gets its own HOME and
XDG_CONFIG_HOME so the developer's config is never read or written."""
import json
import os
import shutil
import subprocess

import pytest

TOOT = shutil.which("toot") or "/usr/bin/toot"


@pytest.fixture
def toot_env(tmp_path):
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), NO_COLOR="1", TERM="dumb",
               LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


def toot(env, *args, input=None):
    return subprocess.run([TOOT, *args], input=input, capture_output=True, text=True, env=env,
                          timeout=60)


def test_login_cli_then_whoami(server, toot_env):
    user = server.create_user()
    login = toot(toot_env, "login_cli", "-i", server.host, "--disable-https", "-e", user.email,
                 input=user.password + "\n")
    out = login.stdout + login.stderr
    assert login.returncode == 0, f"toot login_cli failed ({login.returncode}):\n{out}"
    assert "Successfully logged in" in out, out
    assert "Password: read from stdin" in out, out

    config_path = os.path.join(toot_env["XDG_CONFIG_HOME"], "toot", "config.json")
    with open(config_path) as f:
        config = json.load(f)
    key = f"{user.username}@{server.host}"
    assert config["active_user"] == key, config
    assert config["users"][key]["access_token"]
    assert config["apps"][server.host]["base_url"] == server.base_url

    who = toot(toot_env, "whoami")
    assert who.returncode == 0, who.stdout + who.stderr
    first_line = who.stdout.strip().splitlines()[0]
    assert first_line.split()[0] == f"@{user.username}", who.stdout


def test_login_cli_wrong_password(server, toot_env):
    user = server.create_user()
    login = toot(toot_env, "login_cli", "-i", server.host, "--disable-https", "-e", user.email,
                 input="not-the-password\n")
    out = login.stdout + login.stderr
    assert login.returncode != 0, out
    assert "Login failed" in out, out
