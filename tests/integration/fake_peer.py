"""A minimal ActivityPub peer written for the attack tests: it serves actor documents over
http on 127.0.0.1 and signs requests (draft-cavage rsa-sha256) with python3-cryptography, so
tests can send both valid and deliberately broken activities to a real Parloir inbox."""
from __future__ import annotations

import base64
import email.utils
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from helpers import free_port

AS = "https://www.w3.org/ns/activitystreams"
PUBLIC = AS + "#Public"


class FakePeer:
    def __init__(self):
        self.port = free_port()
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.pem = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.received: list[dict] = []
        self.requests = 0  # every request of any method
        self.shared_inbox = True  # False: every actor has only its own inbox
        self.on_post = None  # called with each received POST (bench/federation.py)
        self.overrides: dict[str, dict] = {}  # path -> document served instead of the actor
        # path -> (content type, bytes, delay in seconds): raw files (remote media tests)
        self.files: dict[str, tuple[str, bytes, float]] = {}
        self.file_gets: dict[str, int] = {}  # path -> GETs of that file
        # WebFinger: acct:NAME@host answers with subject acct:NAME@host and a `self` link to
        # /users/NAME, unless NAME is here: then (subject, self href) of the entry.
        self.webfinger_overrides: dict[str, tuple[str, str]] = {}
        self.webfinger_gets = 0
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                peer.requests += 1
                parts = urlsplit(self.path)
                path = parts.path
                if path == "/.well-known/webfinger":
                    peer.webfinger_gets += 1
                    resource = parse_qs(parts.query).get("resource", [""])[0]
                    name = resource.removeprefix("acct:").rsplit("@", 1)[0]
                    if not resource.startswith("acct:") or resource.rsplit("@", 1)[-1] != f"127.0.0.1:{peer.port}":
                        self.send_response(404)
                        self.end_headers()
                        return
                    subject, href = peer.webfinger_overrides.get(name, (resource, peer.actor_uri(name)))
                    body = json.dumps({"subject": subject, "links": [
                        {"rel": "self", "type": "application/activity+json", "href": href}]}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/jrd+json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if path in peer.files:
                    peer.file_gets[path] = peer.file_gets.get(path, 0) + 1
                    ctype, data, delay = peer.files[path]
                    if delay:
                        time.sleep(delay)
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                doc = peer.overrides.get(path)
                if doc is None and path.startswith("/users/"):
                    doc = peer.actor(path.split("/")[2])
                if doc is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(doc).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/activity+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                peer.requests += 1
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                entry = {"path": self.path, "headers": dict(self.headers), "body": body}
                peer.received.append(entry)
                if peer.on_post:
                    peer.on_post(entry)
                self.send_response(202)
                self.end_headers()

        self._handler = Handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def reopen(self):
        """Listens again on the same port (after close()): the peer comes back."""
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def actor_uri(self, name: str = "evil") -> str:
        return f"{self.base}/users/{name}"

    def actor(self, name: str) -> dict:
        uri = self.actor_uri(name)
        return {"@context": [AS, "https://w3id.org/security/v1"], "id": uri, "type": "Person",
                "preferredUsername": name, "name": name.title(), "summary": "<p>a test peer</p>",
                "inbox": uri + "/inbox", "outbox": uri + "/outbox", "followers": uri + "/followers",
                "endpoints": {"sharedInbox": self.base + "/inbox"} if self.shared_inbox else {},
                "publicKey": {"id": uri + "#main-key", "owner": uri, "publicKeyPem": self.pem}}

    def close(self):
        if self.httpd is None:
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd = None

    # -- signing -------------------------------------------------------------------------------
    def prepare_signed_post(self, url: str, body: bytes, name: str = "evil") -> tuple[str, bytes, dict]:
        """(url, body, headers) of a correctly signed POST, to send later."""
        parts = urlsplit(url)
        date = email.utils.formatdate(usegmt=True)
        digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        text = f"(request-target): post {parts.path}\nhost: {parts.netloc}\ndate: {date}\ndigest: {digest}"
        sig = base64.b64encode(self.key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        headers = {"Host": parts.netloc, "Date": date, "Digest": digest, "Content-Type": "application/activity+json",
                   "Signature": f'keyId="{self.actor_uri(name)}#main-key",algorithm="rsa-sha256",'
                                f'headers="(request-target) host date digest",signature="{sig}"'}
        return url, body, headers

    def signed_post(self, url: str, body: bytes, *, key_id: str | None = None, date: str | None = None,
                    digest: str | None = None, signed=("(request-target)", "host", "date", "digest"),
                    send_body: bytes | None = None, name: str = "evil") -> requests.Response:
        parts = urlsplit(url)
        host = parts.netloc
        date = date or email.utils.formatdate(usegmt=True)
        digest = digest or "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        values = {"(request-target)": f"post {parts.path}", "host": host, "date": date, "digest": digest,
                  "content-type": "application/activity+json"}
        text = "\n".join(f"{h}: {values[h]}" for h in signed)
        sig = base64.b64encode(self.key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        key_id = key_id or self.actor_uri(name) + "#main-key"
        headers = {"Host": host, "Date": date, "Content-Type": "application/activity+json",
                   "Signature": f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(signed)}",'
                                f'signature="{sig}"'}
        if "digest" in signed or digest:
            headers["Digest"] = digest
        return requests.post(url, data=send_body if send_body is not None else body, headers=headers, timeout=20)

    def signed_get(self, url: str, *, name: str = "evil", path: str | None = None,
                   accept: str = "application/activity+json") -> requests.Response:
        """A GET signed like Mastodon's authorized fetch ("(request-target) host date"); `path`
        signs another path than the one requested (a forged signature)."""
        parts = urlsplit(url)
        target = path or (parts.path + (f"?{parts.query}" if parts.query else ""))
        date = email.utils.formatdate(usegmt=True)
        text = f"(request-target): get {target}\nhost: {parts.netloc}\ndate: {date}"
        sig = base64.b64encode(self.key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        headers = {"Host": parts.netloc, "Date": date, "Accept": accept,
                   "Signature": f'keyId="{self.actor_uri(name)}#main-key",algorithm="rsa-sha256",'
                                f'headers="(request-target) host date",signature="{sig}"'}
        return requests.get(url, headers=headers, timeout=20, allow_redirects=False)

    def create_note(self, text: str, *, note_id: str | None = None, name: str = "evil", to=(PUBLIC,)) -> bytes:
        uri = self.actor_uri(name)
        nid = note_id or f"{uri}/notes/{time.time_ns()}"
        return json.dumps({
            "@context": AS, "id": nid + "/activity", "type": "Create", "actor": uri, "to": list(to),
            "object": {"id": nid, "type": "Note", "attributedTo": uri, "content": f"<p>{text}</p>",
                       "to": list(to), "published": "2026-01-01T00:00:00Z"}}).encode()
