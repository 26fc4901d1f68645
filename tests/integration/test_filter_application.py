"""Filters applied to what a viewer reads: `filtered` on statuses (warn) and statuses left out
(hide), per context, never on one's own statuses (mastodon-api.md §3, §5.2 `filtered`)."""
from __future__ import annotations

from social_util import Actor, module_server_fixture

srv = module_server_fixture()


def _home(a: Actor) -> list:
    return a.ok("GET", "/api/v1/timelines/home", params={"limit": 40})


def test_warn_and_hide_filters_apply_to_home_and_public_contexts(srv):
    reader, author = Actor.create(srv, "rd"), Actor.create(srv, "au")
    reader.ok("POST", f"/api/v1/accounts/{author.id}/follow")
    warn = reader.ok("POST", "/api/v2/filters", data={
        "title": "Spoilers", "context[]": "home", "filter_action": "warn",
        "keywords_attributes[0][keyword]": "spoiler"})
    reader.ok("POST", "/api/v2/filters", data={
        "title": "Never", "context[]": "home", "filter_action": "hide",
        "keywords_attributes[0][keyword]": "secret"})
    spoiler = author.ok("POST", "/api/v1/statuses", data={"status": "a big SPOILER here"})
    plain = author.ok("POST", "/api/v1/statuses", data={"status": "nothing to see"})
    hidden = author.ok("POST", "/api/v1/statuses", data={"status": "the secret plan"})

    home = {s["id"]: s for s in _home(reader)}
    assert hidden["id"] not in home, "a hide filter leaves the status out of the home timeline"
    assert home[plain["id"]]["filtered"] == []
    matched = home[spoiler["id"]]["filtered"]
    assert len(matched) == 1
    assert matched[0]["filter"]["id"] == warn["id"] and matched[0]["filter"]["filter_action"] == "warn"
    assert matched[0]["keyword_matches"] == ["spoiler"]

    # The filters are for the home context only: the public timeline shows everything unfiltered.
    public = {s["id"]: s for s in reader.ok("GET", "/api/v1/timelines/public", params={"limit": 40})}
    assert hidden["id"] in public and public[spoiler["id"]]["filtered"] == []
    # The author's own view is never filtered.
    assert all(s["filtered"] == [] for s in _home(author))


def test_thread_context_filter_hides_replies_in_context(srv):
    reader, author = Actor.create(srv, "rt"), Actor.create(srv, "at")
    reader.ok("POST", "/api/v2/filters", data={
        "title": "No cats", "context[]": "thread", "filter_action": "hide",
        "keywords_attributes[0][keyword]": "cats"})
    root = author.ok("POST", "/api/v1/statuses", data={"status": "root"})
    dogs = author.ok("POST", "/api/v1/statuses", data={"status": "dogs", "in_reply_to_id": root["id"]})
    cats = author.ok("POST", "/api/v1/statuses", data={"status": "cats", "in_reply_to_id": root["id"]})
    ids = [s["id"] for s in reader.ok("GET", f"/api/v1/statuses/{root['id']}/context")["descendants"]]
    assert dogs["id"] in ids and cats["id"] not in ids
    # Without the filter (another viewer) both replies are there.
    other = Actor.create(srv, "ot")
    ids = [s["id"] for s in other.ok("GET", f"/api/v1/statuses/{root['id']}/context")["descendants"]]
    assert dogs["id"] in ids and cats["id"] in ids


def test_notifications_context_filters_mark_and_hide_notifications(srv):
    reader, author = Actor.create(srv, "rn"), Actor.create(srv, "an")
    reader.ok("POST", "/api/v2/filters", data={
        "title": "Quiet", "context[]": "notifications", "filter_action": "hide",
        "keywords_attributes[0][keyword]": "lottery"})
    reader.ok("POST", "/api/v2/filters", data={
        "title": "Careful", "context[]": "notifications", "filter_action": "warn",
        "keywords_attributes[0][keyword]": "meeting"})
    hidden = author.ok("POST", "/api/v1/statuses", data={"status": f"@{reader.username} you won the lottery"})
    warned = author.ok("POST", "/api/v1/statuses", data={"status": f"@{reader.username} meeting at noon"})
    plain = author.ok("POST", "/api/v1/statuses", data={"status": f"@{reader.username} hello"})
    by_status = {n["status"]["id"]: n for n in reader.ok("GET", "/api/v1/notifications") if n.get("status")}
    assert hidden["id"] not in by_status
    assert [r["filter"]["title"] for r in by_status[warned["id"]]["status"]["filtered"]] == ["Careful"]
    assert by_status[plain["id"]]["status"]["filtered"] == []
