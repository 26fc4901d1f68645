"""Public web pages of an instance (issue 9 item 5): /@username and /@username/:id rendered on
the server with OpenGraph/Twitter meta and an ActivityPub alternate link, RSS at
/@username.rss; only public and unlisted statuses (RSS: public), never private, direct or
local-only ones; suspended accounts 404; Accept: application/activity+json still gets the
federation documents. Statuses are posted with Mastodon.py."""
import html.parser
import xml.etree.ElementTree as ET

import pytest
import requests
from mastodon import Mastodon

from helpers import password_token
from media_util import png_bytes
from social_util import module_server_fixture, shared_app, unique

srv = module_server_fixture()
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
AP = {"Accept": "application/activity+json"}
LD = {"Accept": 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'}


class Meta(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.imgs = {}, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "content" in a:
            self.meta[a.get("property") or a.get("name")] = a["content"]
        elif tag == "link":
            self.links.append(a)
        elif tag == "img":
            self.imgs.append(a)


def parse(text):
    p = Meta()
    p.feed(text)
    return p


def login(s, user):
    token = password_token(s.base_url, shared_app(s), user)
    return Mastodon(access_token=token, api_base_url=s.base_url)


@pytest.fixture(scope="module")
def alice(srv):
    user = srv.create_user(unique("alice"))
    m = login(srv, user)
    m.account_update_credentials(display_name="Alice <script>x</script> & Co",
                                 note="Writes about <b>tests</b> & cats")
    m.account_update_credentials(avatar=png_bytes(40, 40), avatar_mime_type="image/png")
    posts = {
        "public": m.status_post("Public hello & <welcome> friends", visibility="public"),
        "unlisted": m.status_post("Unlisted note for the web", visibility="unlisted"),
        "private": m.status_post("Followers-only secret", visibility="private"),
        "direct": m.status_post("Direct secret to nobody", visibility="direct"),
    }
    r = requests.post(srv.base_url + "/api/v1/statuses", timeout=30,
                      headers={"Authorization": f"Bearer {m.access_token}"},
                      data={"status": "Members-only local secret", "local_only": "true"})
    assert r.status_code == 200 and r.json()["local_only"] is True
    posts["local_only"] = r.json()
    media = m.media_post(png_bytes(120, 80), mime_type="image/png", description="A red test card")
    posts["media"] = m.status_post("Look at this picture", media_ids=[media["id"]])
    posts["cw"] = m.status_post("Hidden behind a warning", spoiler_text="Spoiler: cats")
    return user.username, m, posts


def get(s, path, headers=HTML):
    return requests.get(s.base_url + path, headers=headers, timeout=30, allow_redirects=False)


def test_profile_page_has_open_graph_and_only_public_statuses(srv, alice):
    username, m, posts = alice
    r = get(srv, f"/@{username}")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "script-src" not in r.headers["Content-Security-Policy"]  # no scripts on these pages
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    page = parse(r.text)
    assert page.meta["og:type"] == "profile"
    assert page.meta["og:title"].startswith("Alice <script>x</script> & Co (@" + username)
    assert page.meta["og:description"] == "Writes about <b>tests</b> & cats"
    assert page.meta["og:url"] == f"{srv.base_url}/@{username}"
    assert "/system/" in page.meta["og:image"]
    assert requests.get(page.meta["og:image"], timeout=30).status_code == 200
    assert page.meta["twitter:card"] == "summary"
    alternates = {l["type"]: l["href"] for l in page.links if l.get("rel") == "alternate"}
    assert alternates["application/activity+json"] == f"{srv.base_url}/users/{username}"
    assert alternates["application/rss+xml"] == f"{srv.base_url}/@{username}.rss"
    # Escaped, never raw markup from the user.
    assert "<script>x" not in r.text and "&lt;script&gt;x" in r.text
    assert "Public hello &amp; &lt;welcome&gt; friends" in r.text
    assert "Unlisted note for the web" in r.text
    assert "A red test card" in r.text  # alt text of the attachment
    for secret in ("Followers-only secret", "Direct secret", "Members-only local secret"):
        assert secret not in r.text
    me = m.me()
    assert f'href="/accounts/{me["id"]}"' in r.text  # a way into the app (its profile route)
    # The content warning hides the text behind <details>.
    assert "<summary>Spoiler: cats</summary>" in r.text


def test_status_page(srv, alice):
    username, m, posts = alice
    st = posts["media"]
    m.status_favourite(st["id"])
    r = get(srv, f"/@{username}/{st['id']}")
    assert r.status_code == 200
    page = parse(r.text)
    assert page.meta["og:type"] == "article"
    assert page.meta["og:description"] == "Look at this picture"
    assert page.meta["og:image"] == st["media_attachments"][0]["preview_url"]
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["og:url"] == st["url"]
    alternates = {l["type"]: l["href"] for l in page.links if l.get("rel") == "alternate"}
    assert alternates["application/activity+json"] == f"{srv.base_url}/users/{username}/statuses/{st['id']}"
    assert any(i.get("alt") == "A red test card" for i in page.imgs)
    assert "1 favourites" in r.text
    assert f'href="/statuses/{st["id"]}"' in r.text  # the app's thread route
    assert requests.get(page.meta["og:image"], timeout=30).status_code == 200
    # The status's own `url` (what apps share) is this page.
    assert get(srv, st["url"].replace(srv.base_url, "")).status_code == 200
    # Plain text description, decoded once, escaped once.
    pub = parse(get(srv, f"/@{username}/{posts['public']['id']}").text)
    assert pub.meta["og:description"] == "Public hello & <welcome> friends"
    cw = parse(get(srv, f"/@{username}/{posts['cw']['id']}").text)
    assert cw.meta["og:description"] == "Spoiler: cats"
    assert get(srv, f"/@{username}/{posts['unlisted']['id']}").status_code == 200


def test_private_direct_and_local_only_statuses_are_never_shown(srv, alice):
    username, m, posts = alice
    for kind in ("private", "direct", "local_only"):
        r = get(srv, f"/@{username}/{posts[kind]['id']}")
        assert r.status_code == 404, kind
        assert "secret" not in r.text
    # A status under another user's name, a reblog wrapper, unknown ids and users: 404.
    other = srv.create_user(unique("bob"))
    assert get(srv, f"/@{other.username}/{posts['public']['id']}").status_code == 404
    reblog = login(srv, other).status_reblog(posts["public"]["id"])
    assert get(srv, f"/@{other.username}/{reblog['id']}").status_code == 404
    assert get(srv, f"/@{username}/99999999999").status_code == 404
    assert get(srv, "/@nosuchuser").status_code == 404
    assert get(srv, "/@nosuchuser.rss").status_code == 404


def test_activity_json_still_goes_to_federation(srv, alice):
    username, m, posts = alice
    for accept in (AP, LD):
        r = get(srv, f"/@{username}", headers=accept)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("application/activity+json")
        doc = r.json()
        assert doc["type"] == "Person" and doc["id"] == f"{srv.base_url}/users/{username}"
        r = get(srv, f"/@{username}/{posts['public']['id']}", headers=accept)
        assert r.status_code == 200 and r.json()["type"] == "Note"
        assert "Public hello" in r.json()["content"]
    for kind in ("private", "direct", "local_only"):
        assert get(srv, f"/@{username}/{posts[kind]['id']}", headers=AP).status_code == 404
    # The actor document still redirects browsers to the profile page, which now exists.
    r = get(srv, f"/users/{username}")
    assert r.status_code == 302 and r.headers["Location"] == f"{srv.base_url}/@{username}"


def test_rss_feed_lists_public_statuses_only(srv, alice):
    username, m, posts = alice
    r = get(srv, f"/@{username}.rss", headers={})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(r.content).find("channel")
    assert channel.find("link").text == f"{srv.base_url}/@{username}"
    items = {i.find("link").text: i for i in channel.findall("item")}
    assert posts["public"]["url"] in items
    assert "Public hello &amp; &lt;welcome&gt; friends" in items[posts["public"]["url"]].find("description").text
    media_item = items[posts["media"]["url"]]
    assert media_item.find("enclosure").get("type") == "image/png"
    for kind in ("unlisted", "private", "direct", "local_only"):
        assert posts[kind]["url"] not in items, kind
    assert "secret" not in r.text


def test_suspended_account_pages_are_gone(srv):
    user = srv.create_user(unique("carol"))
    m = login(srv, user)
    st = m.status_post("Soon suspended")
    assert get(srv, f"/@{user.username}").status_code == 200
    srv.cli("admin", "account", "suspend", user.username)
    assert get(srv, f"/@{user.username}").status_code == 404
    assert get(srv, f"/@{user.username}/{st['id']}").status_code == 404
    assert get(srv, f"/@{user.username}.rss").status_code == 404


PRIVATE = {"PARLOIR_INSTANCE_PRIVATE": "true"}


def test_private_instance_pages_redirect_and_leak_nothing(server_factory):
    s = server_factory(env=PRIVATE).start()
    user = s.create_user(unique("dana"))
    m = login(s, user)
    st = m.status_post("Company-internal public post", visibility="public")
    for path in (f"/@{user.username}", f"/@{user.username}/{st['id']}"):
        r = get(s, path)
        assert r.status_code == 302 and r.headers["Location"] == "/", path
        assert "Company-internal" not in r.text
        for accept in (AP, LD):
            r = get(s, path, headers=accept)
            assert r.status_code == 401 and "Company-internal" not in r.text
    r = get(s, f"/@{user.username}.rss", headers={})
    assert r.status_code == 401 and "Company-internal" not in r.text
