"""`parloir serve` serves the web app (web/dist) at `/`: the entry page with no-cache + ETag,
hashed assets immutable, 304s, precompressed gzip, root files, the single-page app's routes
(Accept: text/html) and the security headers; a page that says so when the app is not built;
the existing pages keep working; on a private instance the app shell loads (data does not)."""
import gzip
import shutil
import subprocess

import pytest
import requests

from webapp_fixture import APP_CSS, APP_JS, FAVICON, INDEX_HTML, make_fake_dist

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
JS = "/assets/index-8b1e44f0.js"
CSS = "/assets/index-3f2a9c1d.css"


@pytest.fixture
def app_server(server_factory, tmp_path):
    dist = make_fake_dist(tmp_path / "dist")
    return server_factory(env={"PARLOIR_WEB_ROOT": str(dist)}).start()


def get(s, path, **headers):
    return requests.get(s.base_url + path, headers=headers, timeout=30, allow_redirects=False)


def test_entry_page_no_cache_etag_and_security_headers(app_server):
    s = app_server
    r = get(s, "/", **HTML)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert r.text == INDEX_HTML
    assert r.headers["Cache-Control"] == "no-cache"
    etag = r.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    csp = r.headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in (x.strip() for x in csp.split(";")) if d}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'self'" in directives["connect-src"] and f"ws://{s.host}" in directives["connect-src"]
    assert set(directives["img-src"]) >= {"'self'", "data:", "blob:", "https:"}
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    # Revalidation: same ETag → 304 without a body; another ETag → the page.
    r304 = get(s, "/", **HTML, **{"If-None-Match": etag})
    assert r304.status_code == 304 and r304.content == b""
    assert r304.headers["ETag"] == etag
    assert get(s, "/", **HTML, **{"If-None-Match": '"other"'}).status_code == 200
    # HEAD: headers only.
    h = requests.head(s.base_url + "/", headers=HTML, timeout=30)
    assert h.status_code == 200 and h.content == b"" and h.headers["ETag"] == etag


def test_hashed_assets_are_immutable_typed_and_gzipped(app_server):
    s = app_server
    plain = get(s, JS, **{"Accept-Encoding": "identity"})
    assert plain.status_code == 200
    assert plain.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in plain.headers
    assert plain.content == APP_JS.encode()
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    # gzip: requests decodes transparently, so read the raw bytes.
    gz = requests.get(s.base_url + JS, headers={"Accept-Encoding": "gzip, deflate"}, timeout=30, stream=True)
    raw = gz.raw.read(decode_content=False)
    assert gz.headers["Content-Encoding"] == "gzip"
    assert len(raw) < len(APP_JS)
    assert gzip.decompress(raw) == APP_JS.encode()
    assert int(gz.headers["Content-Length"]) == len(raw)
    assert gz.headers["ETag"] != plain.headers["ETag"]
    # 304 for each variant's own ETag.
    assert get(s, JS, **{"Accept-Encoding": "gzip", "If-None-Match": gz.headers["ETag"]}).status_code == 304
    assert get(s, JS, **{"Accept-Encoding": "identity", "If-None-Match": plain.headers["ETag"]}).status_code == 304
    # gzip;q=0 is a refusal.
    assert "Content-Encoding" not in get(s, JS, **{"Accept-Encoding": "gzip;q=0"}).headers
    css = get(s, CSS, **{"Accept-Encoding": "identity"})
    assert css.headers["Content-Type"] == "text/css; charset=utf-8" and css.text == APP_CSS
    assert get(s, "/assets/index-00000000.js").status_code == 404


def test_root_files_and_spa_fallback(app_server):
    s = app_server
    ico = get(s, "/favicon.ico")
    assert ico.status_code == 200 and ico.headers["Content-Type"] == "image/x-icon" and ico.content == FAVICON
    assert ico.headers["Cache-Control"] == "no-cache"  # not hashed: revalidated
    man = get(s, "/manifest.webmanifest")
    assert man.headers["Content-Type"].startswith("application/manifest+json")
    # The app's own routes get the entry page when a browser asks for HTML…
    for path in ("/home", "/notifications", "/tags/parloir", "/settings/profile"):
        r = get(s, path, **HTML)
        assert r.status_code == 200, path
        assert r.text == INDEX_HTML
        assert "Content-Security-Policy" in r.headers
    # …and a 404 otherwise; API, OAuth and federation paths never fall back to the app.
    assert get(s, "/home", Accept="application/json").status_code == 404
    assert get(s, "/no/such/route").status_code == 404
    r = get(s, "/api/v1/no_such_thing", **HTML)
    assert r.status_code == 404 and r.json()["error"]
    assert get(s, "/.well-known/no_such_thing", **HTML).status_code == 404
    # POST to an app route is not served the page.
    assert requests.post(s.base_url + "/home", headers=HTML, timeout=30).status_code == 404


def test_existing_pages_and_routes_still_work(app_server):
    s = app_server
    assert get(s, "/avatars/original/missing.png").headers["Content-Type"] == "image/png"
    assert get(s, "/api/v1/instance").json()["uri"]
    r = get(s, "/auth/sign_up", **HTML)
    assert r.status_code == 200 and "<form" in r.text and "Parloir test app" not in r.text
    r = get(s, "/oauth/authorize?client_id=nope&redirect_uri=urn:ietf:wg:oauth:2.0:oob&response_type=code", **HTML)
    assert "Parloir test app" not in r.text


def test_not_built_page(server_factory, tmp_path):
    s = server_factory(env={"PARLOIR_WEB_ROOT": str(tmp_path / "nothing-here")}).start()
    r = get(s, "/", **HTML)
    assert r.status_code == 200 and "not built" in r.text
    assert r.headers["Cache-Control"] == "no-cache"
    assert "not built" in get(s, "/home", **HTML).text
    assert get(s, JS).status_code == 404


def test_private_instance_loads_the_app_shell_but_no_data(server_factory, tmp_path):
    dist = make_fake_dist(tmp_path / "dist")
    s = server_factory(env={"PARLOIR_WEB_ROOT": str(dist), "PARLOIR_INSTANCE_PRIVATE": "true"}).start()
    assert get(s, "/", **HTML).text == INDEX_HTML
    assert get(s, JS).status_code == 200
    assert get(s, "/favicon.ico").status_code == 200
    assert get(s, "/home", **HTML).text == INDEX_HTML
    r = get(s, "/api/v1/timelines/home")
    assert r.status_code == 401
    assert get(s, "/api/v1/timelines/public").status_code == 401


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium not installed")
def test_chromium_runs_the_app_under_its_csp(app_server, tmp_path):
    # A real browser enforces the CSP: the app's own module script must run.
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=direct://", "--proxy-bypass-list=*",
         "--virtual-time-budget=5000", "--dump-dom", app_server.base_url + "/home"],
        capture_output=True, text=True, timeout=90)
    assert "booted by app script" in out.stdout, out.stderr[-2000:]
