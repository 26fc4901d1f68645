"""toot 0.34.1 (the Debian package) on the social API: `toot post`, `toot timeline`,
`toot follow`, `toot whois`, `toot notifications`.

Each toot user gets its own HOME/XDG_CONFIG_HOME (as in test_toot.py), so the developer's toot
config is never read or written. toot prints one page and stops when stdout is not a TTY.

`toot follow` and `toot whois` find the account with GET /api/v2/search?type=accounts&resolve=True
(toot's commands._find_account); while the server has no search endpoint those two tests are
reported as xfail (and become real tests as soon as /api/v2/search exists).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import requests

from helpers import password_token
from social_util import Actor, module_server_fixture, shared_app, unique

TOOT = shutil.which("toot") or "/usr/bin/toot"

srv = module_server_fixture()


class TootUser:
    def __init__(self, s, tmp_dir, prefix):
        self.server = s
        self.user = s.create_user(unique(prefix))
        home = tmp_dir / self.user.username
        (home / ".config").mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARLOIR_")}
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), NO_COLOR="1",
                   TERM="dumb", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS="120")
        self.env = env
        login = self.run("login_cli", "-i", s.host, "--disable-https", "-e", self.user.email,
                         input=self.user.password + "\n")
        assert "Successfully logged in" in login.stdout + login.stderr, login.stdout + login.stderr
        # The same user over plain HTTP, to set up and check what toot did.
        token = password_token(s.base_url, shared_app(s), self.user)
        me = requests.get(s.base_url + "/api/v1/accounts/verify_credentials",
                          headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        self.api = Actor(s, self.user, token, me["id"])

    @property
    def username(self):
        return self.user.username

    def run(self, *args, input=None, check=True) -> subprocess.CompletedProcess:
        p = subprocess.run([TOOT, *args], input=input, capture_output=True, text=True,
                           env=self.env, timeout=60)
        if check:
            assert p.returncode == 0, (f"toot {' '.join(args)} exited {p.returncode}\n"
                                       f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        return p


@pytest.fixture(scope="module")
def tooters(srv, tmp_path_factory):
    d = tmp_path_factory.mktemp("toot")
    return TootUser(srv, d, "tooter"), TootUser(srv, d, "reader")


def require_search(s):
    r = requests.get(s.base_url + "/api/v2/search", params={"q": "x", "type": "accounts"}, timeout=30)
    if r.status_code == 404:
        pytest.xfail("toot resolves account names with GET /api/v2/search, which the server does not "
                     f"implement yet (GET /api/v2/search -> 404 {r.text[:200]})")


def test_toot_post_then_timeline(tooters, srv):
    alice, _ = tooters
    text = f"Hello from toot {unique('t')} #tootsocial"
    out = alice.run("post", text).stdout
    m = re.search(r"Toot posted: (\S+)", out)
    assert m, out
    url = m.group(1)
    assert re.fullmatch(re.escape(f"{srv.base_url}/@{alice.username}/") + r"\d+", url), url
    status_id = url.rsplit("/", 1)[1]
    st = alice.api.ok("GET", f"/api/v1/statuses/{status_id}")
    assert st["visibility"] == "public" and text.split(" #")[0] in st["content"], st

    # Post with flags: visibility, spoiler, reply.
    out = alice.run("post", "a quiet reply", "-v", "unlisted", "-p", "spoiler here",
                    "-r", status_id).stdout
    reply_id = re.search(r"Toot posted: \S+/(\d+)", out).group(1)
    reply = alice.api.ok("GET", f"/api/v1/statuses/{reply_id}")
    assert reply["visibility"] == "unlisted" and reply["spoiler_text"] == "spoiler here", reply
    assert reply["in_reply_to_id"] == status_id

    home = alice.run("timeline", "-c", "5").stdout
    assert f"@{alice.username}" in home, home
    assert "Hello from toot" in home, home
    assert "a quiet reply" in home, home
    public = alice.run("timeline", "--public", "--local", "-c", "20").stdout
    assert "Hello from toot" in public, public
    assert "a quiet reply" not in public, "unlisted is not on the public timeline"
    tag = alice.run("timeline", "--tag", "tootsocial", "-c", "5").stdout
    assert "Hello from toot" in tag, tag
    thread = alice.run("thread", status_id).stdout
    assert "Hello from toot" in thread and "a quiet reply" in thread, thread


def test_toot_whois(tooters, srv):
    alice, bob = tooters
    bob.api.ok("PATCH", "/api/v1/accounts/update_credentials",
               data={"display_name": "Bob Reader", "note": "I read things."})
    require_search(srv)
    out = alice.run("whois", bob.username).stdout
    assert f"@{bob.username} Bob Reader" in out, out
    assert "I read things." in out, out
    assert f"ID: {bob.api.id}" in out, out
    assert f"{srv.base_url}/@{bob.username}" in out, out


def test_toot_follow(tooters, srv):
    alice, bob = tooters
    require_search(srv)
    out = bob.run("follow", alice.username).stdout
    assert f"You are now following {alice.username}" in out, out
    [rel] = bob.api.ok("GET", "/api/v1/accounts/relationships", params={"id[]": alice.api.id})
    assert rel["following"] is True, rel
    following = bob.run("following", bob.username).stdout
    assert alice.username in following, following


def test_toot_notifications_show_mention_and_follow(srv, tmp_path_factory):
    d = tmp_path_factory.mktemp("toot-notif")
    carol, dave = TootUser(srv, d, "carol"), TootUser(srv, d, "dave")
    empty = carol.run("notifications").stdout
    assert "No notification" in empty, empty

    dave.api.follow(carol.api)  # over HTTP: this test must not depend on /api/v2/search
    dave.run("post", f"@{carol.username} are you around?")
    out = carol.run("notifications").stdout
    assert f"@{dave.username} now follows you" in out, out
    assert f"@{dave.username} mentioned you in" in out, out
    assert "are you around?" in out, out
    # Newest first: the mention came after the follow.
    assert out.index("mentioned you in") < out.index("now follows you"), out

    mentions_only = carol.run("notifications", "--mentions").stdout
    assert "mentioned you in" in mentions_only and "now follows you" not in mentions_only, mentions_only

    cleared = carol.run("notifications", "--clear").stdout
    assert "Cleared notifications" in cleared, cleared
    assert carol.api.ok("GET", "/api/v1/notifications") == []
    assert "No notification" in carol.run("notifications").stdout
