"""Fan-out reads each author's local followers from an in-memory cache (store/sqlite/
follower_cache.h). These scenarios, driven with Mastodon.py, check that the cache never sends a
status, or a `status` notification, to someone who stopped following — after an unfollow, a block,
a follow changed to hide reblogs or to stop notifying, or a follower removed by the author — and
that a new follower gets the next post at once. Every reader's home feed is loaded before the
change, so a stale follower list would push the new status into it (a rebuilt feed would hide the
mistake)."""
from __future__ import annotations

from mastodon import Mastodon

from helpers import mastodon_py_fixtures
from social_util import module_server_fixture

srv = module_server_fixture()
mp_app, login = mastodon_py_fixtures("parloir fan-out test")


def home_ids(m: Mastodon) -> set[str]:
    return {str(s["id"]) for s in m.timeline_home(limit=40)}


def status_notifications(m: Mastodon) -> set[str]:
    return {str(n["status"]["id"]) for n in m.notifications(types=["status"])}


def test_new_follower_gets_next_post_and_unfollower_does_not(login):
    alice, alice_acct = login("fa")
    bob, _ = login("fb")
    first = alice.status_post("before anyone follows")  # fills alice's follower list (empty)
    bob.account_follow(alice_acct["id"], notify=True)
    home_ids(bob)  # bob's feed loaded
    second = alice.status_post("bob follows now")
    assert str(second["id"]) in home_ids(bob)
    assert str(first["id"]) in home_ids(bob)  # the rebuild after following found the older one
    assert str(second["id"]) in status_notifications(bob)

    bob.account_unfollow(alice_acct["id"])
    before = home_ids(bob)  # reloaded without alice
    assert str(second["id"]) not in before
    third = alice.status_post("bob left")
    assert str(third["id"]) not in home_ids(bob)
    assert str(third["id"]) not in status_notifications(bob)

    bob.account_follow(alice_acct["id"])
    home_ids(bob)
    fourth = alice.status_post("bob is back")
    assert str(fourth["id"]) in home_ids(bob)
    assert str(fourth["id"]) not in status_notifications(bob)  # re-followed without notify


def test_block_and_removal_from_followers_stop_fan_out(login):
    alice, alice_acct = login("fa")
    carol, carol_acct = login("fc")
    dave, dave_acct = login("fd")
    carol.account_follow(alice_acct["id"])
    dave.account_follow(alice_acct["id"])
    seen = alice.status_post("both follow")
    assert str(seen["id"]) in home_ids(carol)
    assert str(seen["id"]) in home_ids(dave)

    alice.account_block(carol_acct["id"])  # removes carol's follow
    alice.account_remove_from_followers(dave_acct["id"])
    home_ids(carol)
    home_ids(dave)
    after = alice.status_post("neither follows")
    assert str(after["id"]) not in home_ids(carol)
    assert str(after["id"]) not in home_ids(dave)

    alice.account_unblock(carol_acct["id"])
    carol.account_follow(alice_acct["id"])
    home_ids(carol)
    again = alice.status_post("carol follows again")
    assert str(again["id"]) in home_ids(carol)
    assert str(again["id"]) not in home_ids(dave)


def test_changing_a_follow_to_hide_reblogs_applies_to_the_next_reblog(login):
    alice, alice_acct = login("fa")
    bob, _ = login("fb")
    erin, _ = login("fe")
    original = erin.status_post("something to boost")
    bob.account_follow(alice_acct["id"])
    home_ids(bob)
    shown = alice.status_reblog(original["id"])
    assert str(shown["id"]) in home_ids(bob)

    bob.account_follow(alice_acct["id"], reblogs=False)  # update of the existing follow
    alice.status_unreblog(original["id"])
    home_ids(bob)
    hidden = alice.status_reblog(original["id"])
    assert str(hidden["id"]) not in home_ids(bob)
    own = alice.status_post("alice's own post still arrives")
    assert str(own["id"]) in home_ids(bob)
