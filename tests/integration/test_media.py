"""Media through Mastodon.py 1.8 and plain HTTP: uploads (v1 and v2), metadata stripped,
orientation applied, previews, blurhash and meta; attachments on statuses (post, edit, only_media);
avatars and headers; how stored files are served; and the refusals (pixel bomb, truncated file,
markup named .png, oversize) with nothing stored and the server still serving."""
import os
import time
from pathlib import Path

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonAPIError

from helpers import bearer
from media_util import (GIF_HTML_POLYGLOT, HTML, POSTSCRIPT, SVG, exif_of, jpeg_with_gps, pixel_bomb_png,
                        png_bytes, size_of, stored_files, tiny_video)
from social_util import Actor, module_server_fixture

srv = module_server_fixture()
TIMEOUT = 30


def mp(actor: Actor) -> Mastodon:
    return Mastodon(access_token=actor.token, api_base_url=actor.server.base_url)


def upload(actor: Actor, data: bytes, name="photo.jpg", ctype="image/jpeg", version="v2", **fields):
    return actor.post(f"/api/{version}/media", files={"file": (name, data, ctype)}, data=fields)


def test_mastodon_py_media_post_strips_gps_and_posts_a_status(srv):
    a = Actor.create(srv, "mpy")
    m = mp(a)
    original = jpeg_with_gps()
    assert 0x8825 in exif_of(original)  # the input does carry GPS
    media = m.media_post(original, mime_type="image/jpeg", description="a test card", focus=(0.5, -0.25))
    assert media["type"] == "image"
    assert media["url"] and media["preview_url"]
    assert media["remote_url"] is None
    assert media["description"] == "a test card"
    assert len(media["blurhash"]) == 36  # 4x4 components
    meta = media["meta"]
    assert meta["original"]["width"] == 120 and meta["original"]["height"] == 80
    assert meta["original"]["size"] == "120x80"
    assert abs(meta["original"]["aspect"] - 1.5) < 1e-6
    assert meta["small"]["width"] > 0
    assert meta["focus"] == {"x": 0.5, "y": -0.25}

    stored = requests.get(media["url"], timeout=TIMEOUT)
    assert stored.status_code == 200
    assert stored.headers["Content-Type"] == "image/jpeg"
    assert stored.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in stored.headers["Content-Security-Policy"]
    assert "max-age=" in stored.headers["Cache-Control"]
    assert exif_of(stored.content) == {}, "EXIF (and GPS) must be stripped"
    assert b"SpyCam" not in stored.content and b"Exif" not in stored.content
    assert size_of(stored.content) == (120, 80)
    preview = requests.get(media["preview_url"], timeout=TIMEOUT)
    assert preview.status_code == 200 and exif_of(preview.content) == {}

    updated = m.media_update(media["id"], description="a better description")
    assert updated["description"] == "a better description"

    status = m.status_post("look at this", media_ids=[media["id"]])
    attached = status["media_attachments"]
    assert [x["id"] for x in attached] == [media["id"]]
    assert attached[0]["description"] == "a better description"
    assert attached[0]["url"] == media["url"]
    again = m.status(status["id"])
    assert again["media_attachments"][0]["blurhash"] == media["blurhash"]

    # Attached media can no longer be edited through /api/v1/media or deleted (as Mastodon).
    r = a.request("PUT", f"/api/v1/media/{media['id']}", data={"description": "x"})
    assert r.status_code == 404, r.text
    r = a.request("DELETE", f"/api/v1/media/{media['id']}")
    assert r.status_code == 422, r.text


def test_orientation_is_applied(srv):
    a = Actor.create(srv, "rot")
    # EXIF orientation 6: the camera was turned; shown upright the picture is 80 wide, 120 high.
    r = upload(a, jpeg_with_gps(120, 80, orientation=6))
    assert r.status_code == 200, r.text
    media = r.json()
    assert (media["meta"]["original"]["width"], media["meta"]["original"]["height"]) == (80, 120)
    stored = requests.get(media["url"], timeout=TIMEOUT).content
    assert size_of(stored) == (80, 120)
    assert exif_of(stored) == {}


def test_v1_upload_and_get_delete_and_others_get_404(srv):
    a, b = Actor.create(srv, "own"), Actor.create(srv, "oth")
    r = upload(a, png_bytes(200, 100), name="pic.png", ctype="image/png", version="v1")
    assert r.status_code == 200, r.text
    media = r.json()
    assert media["url"].endswith(".png")
    assert a.get(f"/api/v1/media/{media['id']}").status_code == 200
    assert b.get(f"/api/v1/media/{media['id']}").status_code == 404
    # Another account cannot attach it.
    r = b.post("/api/v1/statuses", data={"status": "stolen", "media_ids[]": media["id"]})
    assert r.status_code == 422, r.text
    assert "not found" in r.json()["error"]
    # Deleting an unattached upload removes its files.
    path = media["url"].split("/system/", 1)[1]
    assert (srv.data_dir / "media" / path).exists()
    r = a.request("DELETE", f"/api/v1/media/{media['id']}")
    assert r.status_code == 200, r.text
    assert not (srv.data_dir / "media" / path).exists()
    assert a.get(f"/api/v1/media/{media['id']}").status_code == 404
    assert requests.get(media["url"], timeout=TIMEOUT).status_code == 404


def test_media_only_status_edits_and_only_media(srv):
    a = Actor.create(srv, "edit")
    ids = [upload(a, png_bytes(40 + i, 30), name=f"{i}.png", ctype="image/png").json()["id"] for i in range(5)]
    # Text may be empty when media are attached.
    st = a.ok("POST", "/api/v1/statuses", data={"status": "", "media_ids[]": ids[:1]})
    assert st["content"] == "" and len(st["media_attachments"]) == 1
    text_only = a.status("no pictures here")
    # At most four.
    r = a.post("/api/v1/statuses", data={"status": "too many", "media_ids[]": ids})
    assert r.status_code == 422, r.text
    # Edit: new order, more media, descriptions through media_attributes[].
    edited = a.ok("PUT", f"/api/v1/statuses/{st['id']}", json={
        "status": "now with words", "media_ids": [ids[1], ids[0], ids[2]],
        "media_attributes": [{"id": ids[0], "description": "first upload"}, {"id": ids[2], "focus": "0.1,0.2"}]})
    assert [m["id"] for m in edited["media_attachments"]] == [ids[1], ids[0], ids[2]]
    assert edited["media_attachments"][1]["description"] == "first upload"
    assert edited["media_attachments"][2]["meta"]["focus"] == {"x": 0.1, "y": 0.2}
    # An edit without media_ids keeps them.
    kept = a.ok("PUT", f"/api/v1/statuses/{st['id']}", data={"status": "words only changed"})
    assert [m["id"] for m in kept["media_attachments"]] == [ids[1], ids[0], ids[2]]
    # only_media on the account's statuses and the public timelines.
    listed = a.ok("GET", f"/api/v1/accounts/{a.id}/statuses", params={"only_media": "true"})
    assert [s["id"] for s in listed] == [st["id"]]
    all_ = [s["id"] for s in a.ok("GET", f"/api/v1/accounts/{a.id}/statuses")]
    assert text_only["id"] in all_ and st["id"] in all_
    public = [s["id"] for s in a.ok("GET", "/api/v1/timelines/public", params={"only_media": "true", "limit": 40})]
    assert st["id"] in public and text_only["id"] not in public
    # Media attached to a status cannot be attached to another one.
    r = a.post("/api/v1/statuses", data={"status": "again", "media_ids[]": ids[0]})
    assert r.status_code == 422, r.text


def test_avatar_and_header_through_update_credentials(srv):
    a = Actor.create(srv, "ava")
    m = mp(a)
    before = m.account_verify_credentials()
    assert before["avatar"].endswith("/avatars/original/missing.png")
    assert requests.get(before["avatar"], timeout=TIMEOUT).status_code == 200
    me = m.account_update_credentials(avatar=jpeg_with_gps(600, 500), avatar_mime_type="image/jpeg",
                                      header=png_bytes(1600, 600), header_mime_type="image/png")
    assert "/system/" in me["avatar"] and me["avatar_static"] == me["avatar"]
    assert "/system/" in me["header"] and me["header_static"] == me["header"]
    after = m.account_verify_credentials()
    assert after["avatar"] == me["avatar"] and after["header"] == me["header"]
    avatar = requests.get(after["avatar"], timeout=TIMEOUT).content
    assert size_of(avatar) == (400, 400) and exif_of(avatar) == {}
    assert size_of(requests.get(after["header"], timeout=TIMEOUT).content) == (1500, 500)
    # The public account shows it too, and replacing it removes the old file.
    assert a.ok("GET", f"/api/v1/accounts/{a.id}")["avatar"] == me["avatar"]
    old_path = srv.data_dir / "media" / me["avatar"].split("/system/", 1)[1]
    assert old_path.exists()
    newer = m.account_update_credentials(avatar=png_bytes(100, 100), avatar_mime_type="image/png")
    assert newer["avatar"] != me["avatar"]
    assert not old_path.exists()
    # A bad avatar is refused and changes nothing.
    r = a.request("PATCH", "/api/v1/accounts/update_credentials", files={"avatar": ("a.png", SVG, "image/png")})
    assert r.status_code == 422, r.text
    assert m.account_verify_credentials()["avatar"] == newer["avatar"]


def test_stored_files_cannot_be_reached_by_path_tricks(srv):
    base = srv.base_url
    for path in ["/system/../parloir.db", "/system/aa/bb/..%2F..%2Fparloir.db", "/system/00/00/x.png",
                 "/system/00/00/" + "0" * 32 + ".html", "/system/%2e%2e/%2e%2e/parloir.db"]:
        r = requests.get(base + path, timeout=TIMEOUT)
        assert r.status_code == 404, (path, r.status_code)


def test_video_is_stored_untouched_with_a_preview_frame(srv, tmp_path):
    a = Actor.create(srv, "vid")
    data = tiny_video(tmp_path / "clip.mp4")
    if data is None:
        pytest.skip("ffmpeg not installed")
    r = upload(a, data, name="clip.mp4", ctype="video/mp4")
    assert r.status_code == 200, r.text
    media = r.json()
    assert media["type"] == "video"
    assert media["url"].endswith(".mp4")
    assert media["preview_url"].endswith(".jpg")
    assert media["meta"]["original"]["width"] == 160 and media["meta"]["original"]["height"] == 120
    assert 0.5 < media["meta"]["original"]["duration"] < 2
    assert media["blurhash"]
    assert requests.get(media["url"], timeout=TIMEOUT).content == data  # not transcoded
    assert requests.get(media["url"], timeout=TIMEOUT).headers["Content-Type"] == "video/mp4"
    silent = tiny_video(tmp_path / "silent.mp4", audio=False)
    r = upload(a, silent, name="loop.mp4", ctype="video/mp4")
    assert r.status_code == 200, r.text
    assert r.json()["type"] == "gifv"


# ---- refusals: each gets 422 with a clear message, nothing is stored, the server keeps serving ---

@pytest.fixture
def small_limit_server(server_factory):
    return server_factory(env={"PARLOIR_MEDIA_IMAGE_SIZE_LIMIT": "200000"}).start()


def test_bad_uploads_are_refused_and_nothing_is_stored(small_limit_server, tmp_path):
    s = small_limit_server
    a = Actor.create(s, "bad")
    good = jpeg_with_gps()
    cases = [
        ("pixel bomb", pixel_bomb_png(), "bomb.png", "image/png", "too large"),
        ("truncated", good[: len(good) // 2], "cut.jpg", "image/jpeg", "could not be processed"),
        ("svg named png", SVG, "cat.png", "image/png", "not supported"),
        ("html named png", HTML, "cat.png", "image/png", "not supported"),
        ("postscript named jpg", POSTSCRIPT, "cat.jpg", "image/jpeg", "not supported"),
        ("gif/html polyglot", GIF_HTML_POLYGLOT, "cat.gif", "image/gif", "not supported"),
        ("oversize", png_bytes(400, 400, noise=True), "big.png", "image/png", "less than"),
        ("empty", b"", "e.png", "image/png", "blank"),
    ]
    for label, data, name, ctype, message in cases:
        for version in ("v1", "v2"):
            r = upload(a, data, name=name, ctype=ctype, version=version)
            assert r.status_code == 422, (label, version, r.status_code, r.text)
            assert message in r.json()["error"], (label, r.json())
        assert stored_files(s.data_dir) == [], label
        assert requests.get(s.base_url + "/health", timeout=TIMEOUT).status_code == 200, label
    # Missing file part, bad focus, too long description.
    assert a.post("/api/v2/media", data={"description": "x"}).status_code == 422
    assert upload(a, good, focus="2,0").status_code == 422
    assert upload(a, good, description="d" * 1501).status_code == 422
    assert stored_files(s.data_dir) == []
    # And a good upload still works afterwards.
    assert upload(a, good).status_code == 200
    assert len(stored_files(s.data_dir)) == 2  # original + preview


def test_body_above_the_route_limit_gets_413(server_factory):
    s = server_factory(env={"PARLOIR_MEDIA_IMAGE_SIZE_LIMIT": "100000",
                            "PARLOIR_MEDIA_VIDEO_SIZE_LIMIT": "100000"}).start()
    a = Actor.create(s, "huge")
    r = upload(a, b"\xff\xd8\xff" + os.urandom(3 * 1024 * 1024))
    assert r.status_code == 413, r.text
    assert stored_files(s.data_dir) == []
    assert requests.get(s.base_url + "/health", timeout=TIMEOUT).status_code == 200


def test_unattached_uploads_are_removed_after_the_ttl(server_factory):
    s = server_factory(env={"PARLOIR_MEDIA_UNATTACHED_TTL": "2s"}).start()
    a = Actor.create(s, "ttl")
    loose = upload(a, png_bytes(30, 30), name="l.png", ctype="image/png").json()
    kept = upload(a, png_bytes(31, 30), name="k.png", ctype="image/png").json()
    a.status("keeps its picture", **{"media_ids[]": kept["id"]})
    deadline = time.time() + 15
    while time.time() < deadline and a.get(f"/api/v1/media/{loose['id']}").status_code == 200:
        time.sleep(0.5)
    assert a.get(f"/api/v1/media/{loose['id']}").status_code == 404
    assert requests.get(loose["url"], timeout=TIMEOUT).status_code == 404
    assert a.get(f"/api/v1/media/{kept['id']}").status_code == 200
    assert requests.get(kept["url"], timeout=TIMEOUT).status_code == 200


def test_admin_media_prune_removes_orphans_and_old_uploads(server_factory):
    s = server_factory().start()
    a = Actor.create(s, "prn")
    loose = upload(a, png_bytes(30, 30), name="l.png", ctype="image/png").json()
    kept = upload(a, png_bytes(31, 30), name="k.png", ctype="image/png").json()
    a.status("attached", **{"media_ids[]": kept["id"]})
    orphan = s.data_dir / "media" / "ab" / "cd" / ("abcd" + "0" * 28 + ".jpg")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left behind")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    out = s.cli("admin", "media", "prune", "--older-than", "0")
    assert "removed 1 unattached upload(s) and 1 orphaned file(s)" in out.stdout, out.stdout
    assert not orphan.exists()
    assert a.get(f"/api/v1/media/{loose['id']}").status_code == 404
    assert requests.get(kept["url"], timeout=TIMEOUT).status_code == 200


@pytest.mark.parametrize("fmt,ctype,out_ext", [("GIF", "image/gif", ".png"), ("WEBP", "image/webp", ".webp"),
                                               ("PNG", "image/png", ".png")])
def test_each_image_format_is_accepted_and_reencoded(srv, fmt, ctype, out_ext):
    import io
    from PIL import Image
    a = Actor.create(srv, "fmt")
    img = Image.new("RGB", (90, 60), (200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, fmt)
    # The declared name and type lie on purpose: only the content decides.
    r = upload(a, buf.getvalue(), name="whatever.txt", ctype="application/octet-stream")
    assert r.status_code == 200, r.text
    media = r.json()
    assert media["type"] == "image" and media["url"].endswith(out_ext)
    assert media["meta"]["original"]["width"] == 90
    assert size_of(requests.get(media["url"], timeout=TIMEOUT).content) == (90, 60)


def test_animated_gif_becomes_gifv(srv):
    import io
    from PIL import Image
    a = Actor.create(srv, "gif")
    frames = [Image.new("RGB", (64, 48), (i * 60 % 256, 100, 200 - i * 40)) for i in range(4)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    r = upload(a, buf.getvalue(), name="anim.gif", ctype="image/gif")
    assert r.status_code == 200, r.text
    media = r.json()
    assert media["type"] == "gifv"
    assert media["url"].endswith(".mp4") and media["preview_url"].endswith(".jpg")
    assert media["meta"]["original"]["width"] == 64
    got = requests.get(media["url"], timeout=TIMEOUT)
    assert got.headers["Content-Type"] == "video/mp4" and got.content[4:8] == b"ftyp"


def test_media_and_a_poll_together_are_refused(srv):
    a = Actor.create(srv, "mpoll")
    mid = upload(a, png_bytes(20, 20), name="p.png", ctype="image/png").json()["id"]
    r = a.post("/api/v1/statuses", json={"status": "choose", "media_ids": [mid],
                                         "poll": {"options": ["a", "b"], "expires_in": 3600}})
    assert r.status_code == 422, r.text
    assert "poll" in r.json()["error"]
    # The upload is still unattached and usable.
    st = a.ok("POST", "/api/v1/statuses", data={"status": "just the picture", "media_ids[]": mid})
    assert st["media_attachments"][0]["id"] == mid
