"""Reports over federation (issues 6 and 8): a report about a remote account filed with
forward=true reaches the account's instance as a Flag from our instance actor, where it becomes
a report the moderators see through the admin API; without forward nothing is sent. Two real
Parloir instances, Mastodon.py on both sides."""
from __future__ import annotations

import time

from fed_util import Client, fed_server, wait_for
from org_util import admin_client


def test_forwarded_report_becomes_a_report_on_the_remote_instance(server_factory):
    a, b = fed_server(server_factory), fed_server(server_factory)
    alice = Client(a, "alice")  # the reported account, on A
    bob = Client(b, "bob")      # the reporter, on B
    mod_a = admin_client(a)

    alice_on_b = bob.resolve(alice)
    bob.m.account_follow(alice_on_b["id"])
    wait_for(lambda: bob.m.account_relationships(alice_on_b["id"])[0]["following"], what="follow accepted")
    nasty = alice.m.status_post("something nasty")
    seen = wait_for(lambda: [s for s in bob.m.timeline_home() if "something nasty" in s["content"]], what="post on B")[0]

    # Not forwarded: stays on B.
    bob.m.report(alice_on_b["id"], status_ids=[seen["id"]], comment="kept local", forward=False)
    # Forwarded: a Flag reaches A.
    local = bob.m.report(alice_on_b["id"], status_ids=[seen["id"]], comment="please look at this", forward=True)
    assert local["comment"] == "please look at this"

    reports = wait_for(lambda: mod_a.admin_reports(), what="forwarded report on A")
    time.sleep(1)
    reports = mod_a.admin_reports()
    assert len(reports) == 1, reports  # the unforwarded one never left B
    rep = reports[0]
    assert rep["comment"] == "please look at this"
    assert rep["target_account"]["username"] == alice.user.username
    # Filed by B's instance actor (the admin entity shows local accounts only; a remote filer may be null).
    assert rep["account"] is None or rep["account"]["account"]["acct"].endswith("@" + b.host)
    assert [str(x) for x in rep["status_ids"]] == [str(nasty["id"])]
    assert b.healthy() and a.healthy()
