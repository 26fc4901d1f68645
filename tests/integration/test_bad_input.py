"""Malformed and hostile input gets Mastodon's error statuses with a JSON {"error": ...} body,
and the server keeps answering afterwards."""
import json
import socket

import requests

from helpers import (bearer, create_app, password_token, raw_exchange)

MIB = 1024 * 1024


def assert_json_error(r, status):
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:500]}"
    ctype = r.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip() == "application/json", f"Content-Type {ctype!r}"
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    return body


def assert_healthy(server):
    assert server.healthy(), "GET /health no longer answers 200 OK"
    assert server.running(), f"server exited:\n{server.stderr_text()[-3000:]}"


def test_malformed_json_is_400(server):
    for body in (b'{"client_name": "x", ', b"not json at all", b'{"client_name": }'):
        r = requests.post(server.base_url + "/api/v1/apps", data=body, timeout=30,
                          headers={"Content-Type": "application/json"})
        assert_json_error(r, 400)
    assert_healthy(server)


def test_validation_error_is_422(server):
    r = requests.post(server.base_url + "/api/v1/apps", json={"scopes": "read"}, timeout=30)
    assert_json_error(r, 422)  # client_name and redirect_uris are required
    r = requests.post(server.base_url + "/api/v1/apps", timeout=30, json={
        "client_name": "x", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "scopes": "read nonsense"})
    assert_json_error(r, 422)
    assert_healthy(server)


def test_body_over_limit_with_content_length_is_413(server):
    size = MIB + 1024
    head = (f"POST /api/v1/apps HTTP/1.1\r\nHost: {server.host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n").encode()
    chunks = (b"x" * 65536 for _ in range(size // 65536 + 1))
    status, headers, body = raw_exchange(server.port, head, chunks)
    assert status == 413, (status, headers, body[:300])
    assert "error" in json.loads(body), body[:300]
    assert_healthy(server)


def test_chunked_body_over_limit_is_413(server):
    head = (f"POST /api/v1/apps HTTP/1.1\r\nHost: {server.host}\r\n"
            f"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    piece = b"y" * 65536

    def chunks():
        for _ in range(24):  # 1.5 MiB, no Content-Length anywhere
            yield b"%x\r\n" % len(piece) + piece + b"\r\n"
        yield b"0\r\n\r\n"

    status, headers, body = raw_exchange(server.port, head, chunks())
    assert status == 413, (status, headers, body[:300])
    assert "error" in json.loads(body), body[:300]

    # Through requests with a generator body as well (also chunked).
    def gen():
        for _ in range(24):
            yield piece
    try:
        r = requests.post(server.base_url + "/api/v1/apps", data=gen(), timeout=30,
                          headers={"Content-Type": "application/json"})
        assert r.status_code == 413, r.status_code
    except requests.ConnectionError:
        pass  # the server may close before the client finishes sending; the raw check above holds
    assert_healthy(server)


def test_body_just_under_limit_is_not_413(server):
    filler = "z" * (MIB - 4096)
    payload = json.dumps({"client_name": "big", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                          "scopes": "read", "website": "https://e.example/" + filler})
    assert len(payload) < MIB
    r = requests.post(server.base_url + "/api/v1/apps", data=payload, timeout=30,
                      headers={"Content-Type": "application/json"})
    assert r.status_code != 413, r.text[:300]
    assert r.status_code in (200, 422), r.text[:300]
    assert_healthy(server)


def test_unknown_route_is_404(server):
    for path in ("/api/v1/does-not-exist", "/api/v9/instance", "/nope"):
        r = requests.get(server.base_url + path, timeout=30)
        assert_json_error(r, 404)
    assert_healthy(server)


def test_missing_token_is_401(server):
    r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", timeout=30)
    assert_json_error(r, 401)
    assert_healthy(server)


def test_invalid_token_is_401(server):
    for auth in ("Bearer not-a-real-token", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + "a" * 5000):
        r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", timeout=30,
                         headers={"Authorization": auth})
        assert_json_error(r, 401)
    assert_healthy(server)


def test_token_lacking_scope_is_403(server):
    user = server.create_user()
    app = create_app(server.base_url, scopes="read write")
    write_only = password_token(server.base_url, app, user, scope="write")
    r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", timeout=30,
                     headers=bearer(write_only))
    body = assert_json_error(r, 403)
    assert body["error"] == "This action is outside the authorized scopes", body

    # Positive controls: read and the granular read:accounts are enough.
    for scope in ("read", "read:accounts"):
        tok = password_token(server.base_url, app, user, scope=scope)
        r = requests.get(server.base_url + "/api/v1/accounts/verify_credentials", timeout=30,
                         headers=bearer(tok))
        assert r.status_code == 200, f"scope {scope}: {r.status_code} {r.text[:300]}"
        assert r.json()["username"] == user.username
    assert_healthy(server)


def test_token_scope_cannot_exceed_app_scopes(server):
    user = server.create_user()
    app = create_app(server.base_url, scopes="read")
    r = requests.post(server.base_url + "/oauth/token", timeout=30, data={
        "grant_type": "password", "client_id": app.client_id, "client_secret": app.client_secret,
        "username": user.email, "password": user.password, "scope": "read write"})
    assert r.status_code in (400, 401), r.text
    assert "access_token" not in r.json()
    assert_healthy(server)


def test_revoked_token_is_401(server):
    user = server.create_user()
    app = create_app(server.base_url)
    token = password_token(server.base_url, app, user)
    url = server.base_url + "/api/v1/accounts/verify_credentials"
    assert requests.get(url, headers=bearer(token), timeout=30).status_code == 200
    r = requests.post(server.base_url + "/oauth/revoke", timeout=30, data={
        "client_id": app.client_id, "client_secret": app.client_secret, "token": token})
    assert r.status_code == 200, r.text
    assert r.json() == {}
    assert_json_error(requests.get(url, headers=bearer(token), timeout=30), 401)
    assert_healthy(server)


def test_garbage_request_does_not_kill_the_server(server):
    # A TLS ClientHello and a nonsense request line: answering 400 or just closing are both fine.
    for junk in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
                 b"GARBAGE / NOT-HTTP\r\n\r\n"):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        try:
            sock.sendall(junk)
            sock.shutdown(socket.SHUT_WR)
            try:
                data = sock.recv(4096)
            except (ConnectionResetError, socket.timeout):
                data = b""
        finally:
            sock.close()
        if data:
            assert data.startswith(b"HTTP/1.1 4"), data[:200]
    assert_healthy(server)
