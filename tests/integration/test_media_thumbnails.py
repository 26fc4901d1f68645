"""Custom thumbnails (Mastodon's `thumbnail` on POST /api/v1/media, /api/v2/media and
PUT /api/v1/media/:id): processed like an image (sniffed, metadata stripped, bounded to the
preview area), they become `preview_url`, `meta.small` and the blurhash, for video, audio and
images alike (as Mastodon's model accepts them). Mastodon.py 1.8's media_post(thumbnail=) and
media_update(thumbnail=); bad thumbnails refused with 422 and nothing stored."""
from __future__ import annotations

import io

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonAPIError
from PIL import Image

from media_util import SVG, exif_of, jpeg_with_gps, pixel_bomb_png, png_bytes, size_of, stored_files, tiny_video
from social_util import Actor, module_server_fixture
from test_media_ranges import wav_bytes

srv = module_server_fixture()
TIMEOUT = 30


def mp(actor: Actor) -> Mastodon:
    return Mastodon(access_token=actor.token, api_base_url=actor.server.base_url)


def solid_png(w: int, h: int, color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), color).save(out, "PNG")
    return out.getvalue()


def pixel_at_centre(data: bytes):
    img = Image.open(io.BytesIO(data)).convert("RGB")
    return img.getpixel((img.width // 2, img.height // 2))


def test_mastodon_py_video_with_a_thumbnail_then_a_new_one(srv, tmp_path):
    a = Actor.create(srv, "vthumb")
    m = mp(a)
    video = tiny_video(tmp_path / "v.mp4")
    if video is None:
        pytest.skip("ffmpeg missing")
    thumb = jpeg_with_gps(1200, 600)  # large, and carrying GPS: bounded and stripped
    media = m.media_post(video, mime_type="video/mp4", thumbnail=thumb, thumbnail_mime_type="image/jpeg",
                         synchronous=True)
    assert media["type"] == "video"
    small = media["meta"]["small"]
    assert small["width"] * small["height"] <= 230400
    assert abs(small["aspect"] - 2.0) < 0.02  # the thumbnail's shape, not the video's (4:3) frame
    preview = requests.get(media["preview_url"], timeout=TIMEOUT)
    assert preview.status_code == 200 and preview.headers["Content-Type"] == "image/jpeg"
    assert size_of(preview.content) == (small["width"], small["height"])
    assert exif_of(preview.content) == {} and b"SpyCam" not in preview.content
    assert len(media["blurhash"]) == 36
    first_preview, first_hash = media["preview_url"], media["blurhash"]

    # media_update with a new (red) thumbnail: a new preview, the old file removed.
    red = solid_png(320, 180, (220, 10, 10))
    updated = m.media_update(media["id"], thumbnail=red, thumbnail_mime_type="image/png")
    assert updated["preview_url"] != first_preview
    assert updated["meta"]["small"]["width"] == 320 and updated["meta"]["small"]["height"] == 180
    assert updated["blurhash"] != first_hash
    got = requests.get(updated["preview_url"], timeout=TIMEOUT)
    r, g, b = pixel_at_centre(got.content)
    assert r > 180 and g < 60 and b < 60
    assert requests.get(first_preview, timeout=TIMEOUT).status_code == 404
    assert updated["url"] == media["url"]  # the video itself is untouched
    # GET shows the same, and a status carries it.
    assert a.ok("GET", f"/api/v1/media/{media['id']}")["preview_url"] == updated["preview_url"]
    st = m.status_post("a video with a cover", media_ids=[media["id"]])
    assert st["media_attachments"][0]["preview_url"] == updated["preview_url"]


def test_audio_gets_a_preview_from_its_thumbnail(srv):
    a = Actor.create(srv, "athumb")
    r = a.post("/api/v2/media", files={"file": ("a.wav", wav_bytes(1), "audio/wav"),
                                       "thumbnail": ("cover.png", solid_png(600, 600, (10, 200, 10)), "image/png")})
    assert r.status_code == 200, r.text
    media = r.json()
    assert media["type"] == "audio"
    assert media["preview_url"] and media["preview_url"] != media["url"]
    side = media["meta"]["small"]["width"]
    assert side == media["meta"]["small"]["height"] and side * side <= 230400
    assert pixel_at_centre(requests.get(media["preview_url"], timeout=TIMEOUT).content)[1] > 150
    # Without a thumbnail an audio file has no preview.
    plain = a.post("/api/v1/media", files={"file": ("b.wav", wav_bytes(1), "audio/wav")}).json()
    assert plain["preview_url"] is None and "small" not in plain["meta"]


def test_an_image_with_a_thumbnail_keeps_its_original(srv):
    a = Actor.create(srv, "ithumb")
    r = a.post("/api/v1/media", files={"file": ("p.png", png_bytes(800, 600), "image/png"),
                                       "thumbnail": ("t.png", solid_png(100, 50, (0, 0, 250)), "image/png")})
    assert r.status_code == 200, r.text
    media = r.json()
    assert media["type"] == "image"
    assert media["meta"]["original"]["width"] == 800
    assert media["meta"]["small"] == {"width": 100, "height": 50, "size": "100x50", "aspect": 2.0}
    assert size_of(requests.get(media["url"], timeout=TIMEOUT).content) == (800, 600)
    assert pixel_at_centre(requests.get(media["preview_url"], timeout=TIMEOUT).content)[2] > 200
    # Original + thumbnail only: the generated preview was not kept.
    assert len([u for u in (media["url"], media["preview_url"]) if u]) == 2
    # A small image whose preview is its original: a new thumbnail must not delete the original.
    tiny = a.post("/api/v1/media", files={"file": ("t.png", png_bytes(40, 30), "image/png")}).json()
    upd = a.request("PUT", f"/api/v1/media/{tiny['id']}",
                    files={"thumbnail": ("t2.png", solid_png(20, 20, (1, 2, 3)), "image/png")})
    assert upd.status_code == 200, upd.text
    assert requests.get(tiny["url"], timeout=TIMEOUT).status_code == 200
    assert upd.json()["preview_url"] != tiny["url"]


def test_bad_thumbnails_are_refused_and_nothing_is_stored(server_factory):
    s = server_factory().start()
    a = Actor.create(s, "badthumb")
    good = png_bytes(64, 64)
    cases = [
        ("svg", SVG, "image/png"),
        ("bomb", pixel_bomb_png(), "image/png"),
        ("truncated", jpeg_with_gps()[:300], "image/jpeg"),
        ("empty", b"", "image/png"),
        ("text", b"just some text, not an image at all" * 10, "image/png"),
    ]
    for name, data, ctype in cases:
        r = a.post("/api/v2/media", files={"file": ("ok.png", good, "image/png"),
                                           "thumbnail": (name + ".png", data, ctype)})
        assert r.status_code == 422, (name, r.status_code, r.text)
        assert "Thumbnail" in r.json()["error"], (name, r.text)
        assert stored_files(s.data_dir) == [], name
    # A bad thumbnail on update: refused, the attachment unchanged, nothing new stored.
    media = a.post("/api/v2/media", files={"file": ("ok.png", good, "image/png")}).json()
    before = stored_files(s.data_dir)
    r = a.request("PUT", f"/api/v1/media/{media['id']}", files={"thumbnail": ("x.png", SVG, "image/png")})
    assert r.status_code == 422 and "Thumbnail" in r.json()["error"]
    assert stored_files(s.data_dir) == before
    assert a.ok("GET", f"/api/v1/media/{media['id']}")["preview_url"] == media["preview_url"]
    # Someone else's media: 404 before any processing.
    b = Actor.create(s, "other")
    r = b.request("PUT", f"/api/v1/media/{media['id']}", files={"thumbnail": ("t.png", good, "image/png")})
    assert r.status_code == 404
    assert stored_files(s.data_dir) == before
    # Mastodon.py surfaces the 422.
    with pytest.raises(MastodonAPIError):
        mp(a).media_post(good, mime_type="image/png", thumbnail=SVG, thumbnail_mime_type="image/png")
    assert s.healthy()
