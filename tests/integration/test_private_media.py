"""Media on a private instance (issue 8): Mastodon apps load images without an Authorization
header, so media URLs in entities are capability URLs (an HMAC of the file's key under the
instance's secret, ?sig=…). Without a token: the signed URL → 200; unsigned, tampered or
another file's signature → 401; a deleted upload's URL → 404; URLs survive a restart (the
secret is stored); a user token still works without a signature. Driven with Mastodon.py."""
import urllib.parse

import pytest
import requests
from mastodon import Mastodon

from helpers import password_token
from media_util import png_bytes, size_of
from social_util import shared_app, unique

PRIVATE = {"PARLOIR_INSTANCE_PRIVATE": "true"}


def login(s, user):
    return Mastodon(access_token=password_token(s.base_url, shared_app(s), user), api_base_url=s.base_url)


def with_query(url, **params):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params)))


def unsigned(url):
    return with_query(url)


def sig_of(url):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["sig"][0]


@pytest.fixture
def private(server_factory):
    s = server_factory(env=PRIVATE).start()
    user = s.create_user(unique("erin"))
    return s, user, login(s, user)


def test_attachment_urls_are_capabilities(private):
    s, user, m = private
    media = m.media_post(png_bytes(120, 80), mime_type="image/png", description="private picture")
    st = m.status_post("internal photo", media_ids=[media["id"]], visibility="public")
    fetched = m.status(st["id"])
    att = fetched["media_attachments"][0]
    url, preview = att["url"], att["preview_url"]
    assert "?sig=" in url and "?sig=" in preview
    assert url == media["url"]  # stable: the same file, the same URL
    # What Mastodon apps do: a plain GET without any Authorization header.
    r = requests.get(url, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    assert size_of(r.content) == (120, 80)
    assert requests.get(preview, timeout=30).status_code == 200
    # Unsigned, tampered, truncated, or another file's signature: refused.
    assert requests.get(unsigned(url), timeout=30).status_code == 401
    sig = sig_of(url)
    tampered = sig[:-1] + ("A" if sig[-1] != "A" else "B")
    for bad in (tampered, sig[:-2], sig + "x", sig_of(preview), ""):
        r = requests.get(with_query(url, sig=bad), timeout=30)
        assert r.status_code == 401, bad
        assert r.json()["error"]
    # A signature for one path does not open another file.
    other = url.replace(url.rsplit("/", 1)[1].split("?")[0], "0" * 32 + ".png")
    assert requests.get(other, timeout=30).status_code in (401, 404)
    # A user's token still works without a signature (the app may build URLs itself).
    r = requests.get(unsigned(url), headers={"Authorization": f"Bearer {m.access_token}"}, timeout=30)
    assert r.status_code == 200
    # The status, its account and the API stay closed to anonymous readers.
    assert requests.get(f"{s.base_url}/api/v1/statuses/{st['id']}", timeout=30).status_code == 401


def test_avatar_urls_are_signed_too(private):
    s, user, m = private
    me = m.account_update_credentials(avatar=png_bytes(50, 50), avatar_mime_type="image/png")
    assert "?sig=" in me["avatar"]
    assert requests.get(me["avatar"], timeout=30).status_code == 200
    assert requests.get(unsigned(me["avatar"]), timeout=30).status_code == 401


def test_deleted_media_url_stops_working_and_urls_survive_restart(private):
    s, user, m = private
    keep = m.media_post(png_bytes(30, 30), mime_type="image/png")
    gone = m.media_post(png_bytes(31, 31), mime_type="image/png")
    assert requests.get(gone["url"], timeout=30).status_code == 200
    r = requests.delete(f"{s.base_url}/api/v1/media/{gone['id']}",
                        headers={"Authorization": f"Bearer {m.access_token}"}, timeout=30)
    assert r.status_code == 200
    assert requests.get(gone["url"], timeout=30).status_code == 404
    s.stop()
    s.start()
    assert requests.get(keep["url"], timeout=30).status_code == 200
    # The same URL after the restart: the secret is stored, not drawn again.
    r = requests.get(f"{s.base_url}/api/v1/media/{keep['id']}",
                     headers={"Authorization": f"Bearer {login(s, user).access_token}"}, timeout=30)
    assert r.status_code == 200 and r.json()["url"] == keep["url"]


def test_public_instance_urls_are_plain(server):
    user = server.create_user(unique("fred"))
    m = login(server, user)
    media = m.media_post(png_bytes(20, 20), mime_type="image/png")
    assert "sig=" not in media["url"]
    assert requests.get(media["url"], timeout=30).status_code == 200
