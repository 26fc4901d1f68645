"""pytest fixtures: a fresh `parloir serve` per test (free 127.0.0.1 port, temp data dir,
--url http://127.0.0.1:PORT, access log off), stopped after the test.

    def test_x(server):            # started, /health answered, admin credentials captured
        server.base_url, server.data_dir, server.admin, server.cli("admin", "account", "list")
        user = server.create_user()

    def test_y(server_factory):    # build your own (extra env, restart on the same data dir)
        s = server_factory(env={"PARLOIR_INSTANCE_REGISTRATIONS": "open"})
        # Rate limits are off in test servers (helpers.ParloirServer.env); pass
        # env={"PARLOIR_RATE_LIMITS_ENABLED": "true", ...} to test them.
        s.start(); s.kill(); s.start()
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ParloirServer, parloir_bin  # noqa: E402


def pytest_report_header(config):
    return f"parloir binary: {parloir_bin()}"


@pytest.fixture
def server_factory(tmp_path):
    servers: list[ParloirServer] = []

    def make(env: dict | None = None, data_dir: Path | None = None) -> ParloirServer:
        d = data_dir or (tmp_path / f"data{len(servers)}")
        s = ParloirServer(d, env=env)
        servers.append(s)
        return s

    yield make

    errors = []
    for s in servers:
        if s.running():
            try:
                s.stop()
            except AssertionError as e:  # hung on SIGTERM: already killed; report it
                errors.append(str(e))
    # A sanitizer report on stderr is a bug even if the test itself passed.
    for s in servers:
        err = s.stderr_text()
        for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"):
            if marker in err:
                errors.append(f"sanitizer report in the server's stderr ({s.stderr_path}):\n"
                              + err[err.index(marker) - 200 if err.index(marker) > 200 else 0:][:6000])
                break
    if errors:
        pytest.fail("\n".join(errors))


@pytest.fixture
def server(server_factory) -> ParloirServer:
    return server_factory().start()
