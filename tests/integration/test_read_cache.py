"""The cached read path (services::ViewCache: statuses from memory, one snapshot of each viewer's
blocks, mutes, favourites, reblogs, bookmarks, pins, conversation mutes and poll votes; the
rendered-JSON cache) must never show stale or foreign data: every timeline is read first to warm
the caches, then something changes, then the same timelines are read again. Driven with
Mastodon.py 1.8.0, one server per module, two viewers reading the same statuses."""
from __future__ import annotations

import pytest
from mastodon import Mastodon

from helpers import mastodon_py_fixtures
from social_util import module_server_fixture, unique

srv = module_server_fixture()
mp_app, login = mastodon_py_fixtures("parloir read cache test")


def find(statuses, status_id):
    for s in statuses:
        if str(s["id"]) == str(status_id):
            return s
    return None


def views(m: Mastodon, author_id, status_id) -> dict:
    """The status as the viewer sees it on home, public local and the author's statuses."""
    out = {
        "home": find(m.timeline_home(limit=40), status_id),
        "public": find(m.timeline_local(limit=40), status_id),
        "account": find(m.account_statuses(author_id, limit=40), status_id),
    }
    return out


@pytest.fixture
def trio(login):
    """An author followed by two readers, and one public status of the author."""
    author, author_acct = login("au")
    a, a_acct = login("ra")
    b, b_acct = login("rb")
    a.account_follow(author_acct["id"])
    b.account_follow(author_acct["id"])
    status = author.status_post("read cache " + unique("s"), visibility="public")
    # Warm every cache for both readers.
    for m in (a, b):
        for where, s in views(m, author_acct["id"], status["id"]).items():
            assert s is not None, f"{where}: the status is listed"
    return author, author_acct, a, a_acct, b, b_acct, status


def test_favourite_by_one_reader_updates_the_count_for_both_and_the_flag_for_one(trio):
    author, author_acct, a, _, b, _, status = trio
    a.status_favourite(status["id"])
    for where, s in views(a, author_acct["id"], status["id"]).items():
        assert s["favourites_count"] == 1 and s["favourited"] is True, where
    for where, s in views(b, author_acct["id"], status["id"]).items():
        assert s["favourites_count"] == 1 and s["favourited"] is False, where
    a.status_unfavourite(status["id"])
    for m in (a, b):
        for where, s in views(m, author_acct["id"], status["id"]).items():
            assert s["favourites_count"] == 0 and s["favourited"] is False, where


def test_bookmark_reblog_and_conversation_mute_are_per_viewer(trio):
    author, author_acct, a, _, b, _, status = trio
    a.status_bookmark(status["id"])
    a.status_mute(status["id"])
    b.status_reblog(status["id"])
    sa = views(a, author_acct["id"], status["id"])
    sb = views(b, author_acct["id"], status["id"])
    for where in ("home", "public", "account"):
        assert sa[where]["bookmarked"] is True and sa[where]["muted"] is True, where
        assert sa[where]["reblogged"] is False and sa[where]["reblogs_count"] == 1, where
        assert sb[where]["bookmarked"] is False and sb[where]["muted"] is False, where
        assert sb[where]["reblogged"] is True and sb[where]["reblogs_count"] == 1, where
    a.status_unbookmark(status["id"])
    a.status_unmute(status["id"])
    b.status_unreblog(status["id"])
    sa = views(a, author_acct["id"], status["id"])
    sb = views(b, author_acct["id"], status["id"])
    for where in ("home", "public", "account"):
        assert sa[where]["bookmarked"] is False and sa[where]["muted"] is False, where
        assert sb[where]["reblogged"] is False and sb[where]["reblogs_count"] == 0, where


def test_edit_and_profile_change_show_at_once(trio):
    author, author_acct, a, _, b, _, status = trio
    author.status_update(status["id"], status="edited text " + unique("e"))
    new_name = "Renamed " + unique("n")
    author.account_update_credentials(display_name=new_name)
    for m in (a, b):
        for where, s in views(m, author_acct["id"], status["id"]).items():
            assert "edited text" in s["content"], where
            assert s["edited_at"] is not None, where
            assert s["account"]["display_name"] == new_name, where


def test_pinned_shows_only_to_the_author(trio):
    author, author_acct, a, _, _, _, status = trio
    author.status_pin(status["id"])
    mine = find(author.account_statuses(author_acct["id"], limit=40), status["id"])
    assert mine["pinned"] is True
    theirs = find(a.account_statuses(author_acct["id"], limit=40), status["id"])
    assert "pinned" not in theirs or theirs["pinned"] is False
    author.status_unpin(status["id"])
    mine = find(author.account_statuses(author_acct["id"], limit=40), status["id"])
    assert mine["pinned"] is False


def test_poll_vote_shows_for_the_voter_and_counts_for_everyone(login):
    author, author_acct = login("pa")
    a, _ = login("pv")
    b, _ = login("pw")
    a.account_follow(author_acct["id"])
    b.account_follow(author_acct["id"])
    poll = author.make_poll(["yes", "no"], expires_in=3600)
    status = author.status_post("poll " + unique("p"), poll=poll, visibility="public")
    for m in (a, b):
        assert views(m, author_acct["id"], status["id"])["home"]["poll"]["voted"] is False
    a.poll_vote(status["poll"]["id"], [1])
    for where, s in views(a, author_acct["id"], status["id"]).items():
        assert s["poll"]["voted"] is True and s["poll"]["own_votes"] == [1], where
        assert s["poll"]["votes_count"] == 1, where
    for where, s in views(b, author_acct["id"], status["id"]).items():
        assert s["poll"]["voted"] is False and s["poll"]["own_votes"] == [], where
        assert s["poll"]["votes_count"] == 1 and s["poll"]["options"][1]["votes_count"] == 1, where


def test_block_and_mute_hide_at_once_and_unblock_brings_back(trio):
    author, author_acct, a, _, b, _, status = trio
    a.account_block(author_acct["id"])
    assert find(a.timeline_local(limit=40), status["id"]) is None, "blocked author hidden from public"
    assert find(a.timeline_home(limit=40), status["id"]) is None, "blocked author hidden from home"
    assert find(b.timeline_local(limit=40), status["id"]) is not None, "the other reader still sees it"
    a.account_unblock(author_acct["id"])
    assert find(a.timeline_local(limit=40), status["id"]) is not None
    # Muting hides the author from timelines, not from their profile.
    b.account_mute(author_acct["id"])
    assert find(b.timeline_local(limit=40), status["id"]) is None
    assert find(b.account_statuses(author_acct["id"], limit=40), status["id"]) is not None
    b.account_unmute(author_acct["id"])
    assert find(b.timeline_local(limit=40), status["id"]) is not None


def test_author_blocking_a_reader_hides_their_statuses_from_that_reader(trio):
    author, author_acct, a, a_acct, b, _, status = trio
    author.account_block(a_acct["id"])
    assert find(a.timeline_local(limit=40), status["id"]) is None
    assert a.account_statuses(author_acct["id"], limit=40) == []
    assert find(b.timeline_local(limit=40), status["id"]) is not None
    author.account_unblock(a_acct["id"])
    assert find(a.timeline_local(limit=40), status["id"]) is not None


def test_private_status_follows_the_follow(login):
    author, author_acct = login("pr")
    follower, _ = login("pf")
    stranger, _ = login("ps")
    follower.account_follow(author_acct["id"])
    private = author.status_post("for followers " + unique("f"), visibility="private")
    # Warm the caches of both readers on the author's statuses.
    assert find(follower.account_statuses(author_acct["id"]), private["id"]) is not None
    assert find(stranger.account_statuses(author_acct["id"]), private["id"]) is None
    stranger.account_follow(author_acct["id"])
    follower.account_unfollow(author_acct["id"])
    assert find(stranger.account_statuses(author_acct["id"]), private["id"]) is not None, "follow shows it"
    assert find(follower.account_statuses(author_acct["id"]), private["id"]) is None, "unfollow hides it"


def test_filtered_is_per_viewer_on_a_shared_cached_status(login):
    author, author_acct = login("fa")
    a, _ = login("fr")
    b, _ = login("fs")
    a.account_follow(author_acct["id"])
    b.account_follow(author_acct["id"])
    status = author.status_post("a kiwi for everyone " + unique("k"), visibility="public")
    for m in (a, b):  # warm
        assert find(m.timeline_home(), status["id"])["filtered"] == []
    a.filter_create("kiwi", ["home", "public"], irreversible=False, whole_word=True)  # a v1 filter: warn
    sa = views(a, author_acct["id"], status["id"])
    sb = views(b, author_acct["id"], status["id"])
    for where in ("home", "public"):
        assert len(sa[where]["filtered"]) == 1 and sa[where]["filtered"][0]["keyword_matches"] == ["kiwi"], where
        assert sb[where]["filtered"] == [], where


def test_deleted_status_leaves_every_timeline(trio):
    author, author_acct, a, _, _, _, status = trio
    author.status_delete(status["id"])
    for where, s in views(a, author_acct["id"], status["id"]).items():
        assert s is None, where


def test_deleting_ones_reblog_clears_reblogged(trio):
    author, author_acct, a, _, _, _, status = trio
    wrapper = a.status_reblog(status["id"])
    assert views(a, author_acct["id"], status["id"])["public"]["reblogged"] is True
    a.status_delete(wrapper["id"])
    for where, s in views(a, author_acct["id"], status["id"]).items():
        assert s["reblogged"] is False and s["reblogs_count"] == 0, where
