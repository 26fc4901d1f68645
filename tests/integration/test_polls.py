"""Polls (mastodon-api.md §3 POST /api/v1/statuses poll[…], §5.10 Poll, GET /api/v1/polls/:id,
POST /api/v1/polls/:id/votes) driven by Mastodon.py 1.8.0: creating single- and multiple-choice
polls, voting, results, hidden totals, expiry with `poll` notifications to voters and author,
edits (history keeps the options; new options reset the votes), visibility (a poll is visible
exactly when its status is) and bad input with Mastodon's messages. The servers here accept
polls of 2 s (instance.min_poll_expiration_seconds) so expiry can be watched."""
from __future__ import annotations

import time

import pytest
import requests
from mastodon import Mastodon
from mastodon.errors import MastodonAPIError, MastodonNotFoundError

from social_util import Actor, anon_get, describe, module_server_fixture, unique

SCOPES = ["read", "write", "follow"]
MIN_S = 2

srv = module_server_fixture(env={"PARLOIR_INSTANCE_MIN_POLL_EXPIRATION_SECONDS": str(MIN_S),
                                 "PARLOIR_INSTANCE_MIN_SCHEDULE_SECONDS": str(MIN_S)})


@pytest.fixture(scope="module")
def mp_app(srv):
    return Mastodon.create_app("parloir polls test", scopes=SCOPES, api_base_url=srv.base_url)


@pytest.fixture
def login(srv, mp_app):
    def make(prefix: str = "pl"):
        user = srv.create_user(unique(prefix))
        m = Mastodon(client_id=mp_app[0], client_secret=mp_app[1], api_base_url=srv.base_url)
        m.log_in(user.email, user.password, scopes=SCOPES)
        return m, m.account_verify_credentials()

    return make


def wait_for(predicate, timeout: float = 20.0, step: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def vote(m: Mastodon, pid: str, choices) -> dict:
    """Mastodon.py 1.8's poll_vote drops the response body: vote, then read the poll back."""
    m.poll_vote(pid, choices)
    return m.poll(pid)


def test_instance_advertises_poll_limits(srv):
    polls = anon_get(srv, "/api/v2/instance").json()["configuration"]["polls"]
    assert polls == {"max_options": 4, "max_characters_per_option": 50, "min_expiration": MIN_S,
                     "max_expiration": 2629746}


def test_single_choice_poll_vote_and_results(login):
    author, _ = login("pa")
    voter, _ = login("pv")
    other, _ = login("po")
    st = author.status_post("Lunch?", poll=author.make_poll(["pizza", "salad", "soup"], expires_in=3600))
    poll = st["poll"]
    assert poll["multiple"] is False and poll["expired"] is False
    assert [o["title"] for o in poll["options"]] == ["pizza", "salad", "soup"]
    assert [o["votes_count"] for o in poll["options"]] == [0, 0, 0]
    assert poll["votes_count"] == 0 and poll["voters_count"] == 0
    assert poll["voted"] is True and poll["own_votes"] == []  # the author counts as having voted
    assert poll["expires_at"] is not None and poll["emojis"] == []

    before = voter.poll(poll["id"])
    assert before["voted"] is False and before["own_votes"] == []
    after = vote(voter, poll["id"], [1])
    assert after["voted"] is True and after["own_votes"] == [1]
    assert [o["votes_count"] for o in after["options"]] == [0, 1, 0]
    assert after["votes_count"] == 1 and after["voters_count"] == 1

    other.poll_vote(poll["id"], 1)
    seen = author.poll(poll["id"])
    assert [o["votes_count"] for o in seen["options"]] == [0, 2, 0] and seen["voters_count"] == 2
    # The status carries the same numbers, and the voter's own choices.
    again = voter.status(st["id"])["poll"]
    assert again["own_votes"] == [1] and again["votes_count"] == 2

    with pytest.raises(MastodonAPIError) as e:
        voter.poll_vote(poll["id"], [0])
    assert e.value.args[1] == 422 and "already voted" in str(e.value)
    with pytest.raises(MastodonAPIError) as e:
        author.poll_vote(poll["id"], [0])
    assert e.value.args[1] == 422 and "own polls" in str(e.value)
    fresh, _ = login("pf")
    with pytest.raises(MastodonAPIError) as e:
        fresh.poll_vote(poll["id"], [0, 2])
    assert e.value.args[1] == 422
    with pytest.raises(MastodonAPIError) as e:
        fresh.poll_vote(poll["id"], [7])
    assert e.value.args[1] == 422 and "does not exist" in str(e.value)
    # Nothing was recorded by the rejected votes.
    assert fresh.poll(poll["id"])["votes_count"] == 2


def test_multiple_choice_and_hidden_totals(login, srv):
    author, _ = login("ma")
    voter, _ = login("mv")
    st = author.status_post("Which days?", poll=author.make_poll(["mon", "tue", "wed", "thu"], expires_in=600,
                                                                 multiple=True, hide_totals=True))
    pid = st["poll"]["id"]
    voted = vote(voter, pid, [0, 2, 2])
    assert voted["own_votes"] == [0, 2] and voted["multiple"] is True
    assert voted["votes_count"] == 2 and voted["voters_count"] == 1
    assert [o["votes_count"] for o in voted["options"]] == [None, None, None, None]  # hidden while running
    assert [o["votes_count"] for o in author.poll(pid)["options"]] == [1, 0, 1, 0]  # not from the author
    # A second vote on another option is accepted; the same option again is not.
    assert vote(voter, pid, [3])["own_votes"] == [0, 2, 3]
    with pytest.raises(MastodonAPIError):
        voter.poll_vote(pid, [0])
    anon = anon_get(srv, f"/api/v1/polls/{pid}").json()
    assert anon["voted"] is False and anon["own_votes"] == [] and anon["voters_count"] == 1


def test_poll_only_status_and_scheduled_text_rules(login):
    m, _ = login("pt")
    st = m.status_post("", poll=m.make_poll(["yes", "no"], expires_in=600))
    assert st["content"] == "" and st["poll"] is not None
    with pytest.raises(MastodonAPIError) as e:
        m.status_post("")
    assert e.value.args[1] == 422


def test_scheduled_status_with_a_poll_publishes_it(login):
    import datetime as dt
    m, me = login("ps")
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=MIN_S + 1)
    sched = m.status_post("Planned vote", scheduled_at=at,
                          poll=m.make_poll(["now", "later"], expires_in=900, multiple=True))
    assert sched["params"]["poll"]["options"] == ["now", "later"]
    assert sched["params"]["poll"]["multiple"] is True
    posted = wait_for(lambda: m.account_statuses(me["id"]))
    assert posted, "the scheduled status was not published"
    poll = posted[0]["poll"]
    assert [o["title"] for o in poll["options"]] == ["now", "later"] and poll["multiple"] is True


def test_expiry_notifies_voters_and_author(login):
    author, me = login("ea")
    voter, _ = login("ev")
    st = author.status_post("Quick one", poll=author.make_poll(["a", "b"], expires_in=MIN_S))
    pid = st["poll"]["id"]
    voter.poll_vote(pid, [0])

    def poll_notes(m):
        return [n for n in m.notifications(types=["poll"]) if n["status"]["id"] == st["id"]]

    got = wait_for(lambda: poll_notes(voter) and poll_notes(author))
    assert got, "no poll notification after expiry"
    vn, an = poll_notes(voter), poll_notes(author)
    assert len(vn) == 1 and len(an) == 1
    assert vn[0]["account"]["id"] == me["id"] and an[0]["account"]["id"] == me["id"]
    ended = voter.poll(pid)
    assert ended["expired"] is True
    with pytest.raises(MastodonAPIError) as e:
        login("el")[0].poll_vote(pid, [1])
    assert e.value.args[1] == 422 and "ended" in str(e.value)
    time.sleep(1.5)  # the runner handles each ended poll once
    assert len(poll_notes(voter)) == 1 and len(poll_notes(author)) == 1


def test_edit_keeps_votes_unless_options_change_and_history_has_options(login):
    author, _ = login("da")
    voter, _ = login("dv")
    st = author.status_post("Colour?", poll=author.make_poll(["red", "blue"], expires_in=3600))
    pid = st["poll"]["id"]
    voter.poll_vote(pid, [1])
    same = author.status_update(st["id"], "Colour, really?", poll=author.make_poll(["red", "blue"], expires_in=3600))
    assert same["poll"]["votes_count"] == 1 and voter.poll(pid)["own_votes"] == [1]
    changed = author.status_update(st["id"], "Colour?", poll=author.make_poll(["red", "green", "blue"],
                                                                              expires_in=3600))
    assert [o["title"] for o in changed["poll"]["options"]] == ["red", "green", "blue"]
    assert changed["poll"]["votes_count"] == 0
    assert voter.status(st["id"])["poll"]["own_votes"] == []
    history = author.status_history(st["id"])
    assert [[o["title"] for o in h["poll"]["options"]] for h in history] == [
        ["red", "blue"], ["red", "blue"], ["red", "green", "blue"]]
    removed = author.status_update(st["id"], "No poll now")
    assert removed["poll"] is None
    with pytest.raises(MastodonNotFoundError):
        voter.poll(pid)


def test_poll_visibility_follows_its_status(login, srv):
    author, _ = login("va")
    stranger, _ = login("vs")
    st = author.status_post("followers only", visibility="private",
                            poll=author.make_poll(["x", "y"], expires_in=600))
    pid = st["poll"]["id"]
    with pytest.raises(MastodonNotFoundError):
        stranger.poll(pid)
    with pytest.raises(MastodonNotFoundError):
        stranger.poll_vote(pid, [0])
    assert anon_get(srv, f"/api/v1/polls/{pid}").status_code == 404
    assert anon_get(srv, "/api/v1/polls/999999999").status_code == 404


def test_bad_polls_are_422_and_store_nothing(srv):
    a = Actor.create(srv)
    cases = [
        ({"poll[options][]": ["only one"], "poll[expires_in]": "600"}, "more than one item"),
        ({"poll[options][]": ["a", "b", "c", "d", "e"], "poll[expires_in]": "600"}, "more than 4 items"),
        ({"poll[options][]": ["a", "x" * 51], "poll[expires_in]": "600"}, "longer than 50 characters"),
        ({"poll[options][]": ["a", "a"], "poll[expires_in]": "600"}, "duplicate"),
        ({"poll[options][]": ["a", "b"], "poll[expires_in]": "1"}, "too soon"),
        ({"poll[options][]": ["a", "b"], "poll[expires_in]": "99999999"}, "too far"),
        ({"poll[options][]": ["a", "b"]}, "expires in can't be blank"),
        ({"poll[options][]": ["a", "b"], "poll[expires_in]": "soon"}, "not a number"),
        ({"poll[options][]": ["a", "  "], "poll[expires_in]": "600"}, "blank"),
    ]
    for fields, message in cases:
        r = a.post("/api/v1/statuses", data={"status": "bad poll", **fields})
        assert r.status_code == 422, describe(r)
        assert message in r.json()["error"], (fields, r.json())
    # JSON bodies too (masto.js, Elk): a correct one works, a bad one is refused.
    ok = a.post("/api/v1/statuses", json={"status": "json poll",
                                          "poll": {"options": ["a", "b"], "expires_in": 600, "multiple": True}})
    assert ok.status_code == 200 and ok.json()["poll"]["multiple"] is True, describe(ok)
    bad = a.post("/api/v1/statuses", json={"status": "json poll", "poll": {"options": ["a"], "expires_in": 600}})
    assert bad.status_code == 422, describe(bad)
    mine = a.get(f"/api/v1/accounts/{a.id}/statuses").json()
    assert [s["content"] for s in mine] == ["<p>json poll</p>"]
    r = a.post("/api/v1/polls/abc/votes", data={"choices[]": ["0"]})
    assert r.status_code == 404
    pid = ok.json()["poll"]["id"]
    voter = Actor.create(srv)
    for choices in (["-1"], ["one"], []):
        r = voter.post(f"/api/v1/polls/{pid}/votes", data={"choices[]": choices})
        assert r.status_code == 422, describe(r)
    assert voter.get(f"/api/v1/polls/{pid}").json()["votes_count"] == 0
    r = voter.post(f"/api/v1/polls/{pid}/votes", json={"choices": [0, 1]})  # the body is the Poll
    assert r.status_code == 200, describe(r)
    assert r.json()["own_votes"] == [0, 1] and r.json()["id"] == pid
    assert requests.get(srv.base_url + "/health", timeout=5).status_code == 200
