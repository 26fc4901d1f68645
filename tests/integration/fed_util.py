"""Helpers for the federation tests: Parloir instances that may talk to each other on 127.0.0.1
(plain http and loopback allowed by configuration, exactly as an operator would for a lab), a
Mastodon.py client per user, and wait_for() for asynchronous deliveries."""
from __future__ import annotations

import secrets
import time

from mastodon import Mastodon

from helpers import ParloirServer

FED_ENV = {
    "PARLOIR_FEDERATION_MODE": "open",
    "PARLOIR_FEDERATION_ALLOW_HTTP": "true",
    "PARLOIR_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "127.0.0.0/8",
}
SCOPES = ["read", "write", "follow"]


def fed_server(server_factory, **extra) -> ParloirServer:
    env = dict(FED_ENV)
    env.update(extra)
    return server_factory(env=env).start()


def unique(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(3)}"


class Client:
    """A user on one server, driven through Mastodon.py."""

    def __init__(self, server: ParloirServer, prefix: str, locked: bool = False):
        self.server = server
        self.user = server.create_user(unique(prefix))
        cid, csecret = Mastodon.create_app("parloir federation test", scopes=SCOPES,
                                           api_base_url=server.base_url)
        self.m = Mastodon(client_id=cid, client_secret=csecret, api_base_url=server.base_url)
        self.m.log_in(self.user.email, self.user.password, scopes=SCOPES)
        self.me = self.m.account_verify_credentials()
        if locked:
            self.m.account_update_credentials(locked=True)

    @property
    def handle(self) -> str:
        return f"{self.user.username}@{self.server.host}"

    def resolve(self, other: "Client") -> dict:
        """The other user's account as this server knows it (resolved through WebFinger)."""
        found = self.m.search_v2(f"@{other.handle}", resolve=True, result_type="accounts")
        accts = [a for a in found["accounts"] if a["acct"] == other.handle]
        assert accts, f"{other.handle} did not resolve on {self.server.host}: {found['accounts']}"
        return accts[0]


def wait_for(fn, timeout: float = 30.0, interval: float = 0.2, what: str = "condition"):
    """Polls fn() until it returns a truthy value; returns it. Fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fn()
        except Exception as e:  # noqa: BLE001 - transient API errors while a delivery is in flight
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")


def home_texts(client: Client) -> list[str]:
    return [s["content"] for s in client.m.timeline_home(limit=40)]
