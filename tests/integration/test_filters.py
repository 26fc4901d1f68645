"""Filters v2 (/api/v2/filters with keywords_attributes in form, indexed-form and JSON
spellings, keywords and statuses sub-resources) and v1 (/api/v1/filters, Mastodon.py's only
filter API) on the same tables (mastodon-api.md §3, §5.13)."""
from __future__ import annotations

import pytest
from mastodon import Mastodon

from social_util import Actor, describe, module_server_fixture

srv = module_server_fixture()

FILTER_KEYS = {"id", "title", "context", "expires_at", "filter_action", "keywords", "statuses"}


def test_create_with_form_keywords_and_read_back(srv):
    a = Actor.create(srv)
    r = a.post("/api/v2/filters", data=[
        ("title", "Spoilers"), ("context[]", "home"), ("context[]", "public"), ("filter_action", "hide"),
        ("keywords_attributes[][keyword]", "Star Wars"), ("keywords_attributes[][whole_word]", "true"),
        ("keywords_attributes[][keyword]", "#spoiler"), ("keywords_attributes[][whole_word]", "false"),
    ])
    assert r.status_code == 200, describe(r)
    f = r.json()
    assert set(f) == FILTER_KEYS
    assert f["title"] == "Spoilers" and f["context"] == ["home", "public"] and f["filter_action"] == "hide"
    assert f["expires_at"] is None and f["statuses"] == []
    assert [(k["keyword"], k["whole_word"]) for k in f["keywords"]] == [("Star Wars", True), ("#spoiler", False)]
    assert a.ok("GET", f"/api/v2/filters/{f['id']}") == f
    assert a.ok("GET", "/api/v2/filters") == [f]
    assert [k["id"] for k in a.ok("GET", f"/api/v2/filters/{f['id']}/keywords")] == [k["id"] for k in f["keywords"]]


def test_indexed_form_and_json_keywords_and_expiry(srv):
    a = Actor.create(srv)
    f1 = a.ok("POST", "/api/v2/filters", data={
        "title": "indexed", "context[]": "thread",
        "keywords_attributes[0][keyword]": "one", "keywords_attributes[1][keyword]": "two",
        "keywords_attributes[1][whole_word]": "0", "expires_in": "3600"})
    assert [(k["keyword"], k["whole_word"]) for k in f1["keywords"]] == [("one", True), ("two", False)]
    assert f1["expires_at"] is not None and f1["filter_action"] == "warn"
    f2 = a.ok("POST", "/api/v2/filters", json={
        "title": "json", "context": ["notifications", "account"], "filter_action": "warn",
        "keywords_attributes": [{"keyword": "alpha", "whole_word": False}, {"keyword": "beta"}]})
    assert f2["context"] == ["notifications", "account"]
    assert [(k["keyword"], k["whole_word"]) for k in f2["keywords"]] == [("alpha", False), ("beta", True)]


def test_update_with_keywords_attributes_add_change_destroy(srv):
    a = Actor.create(srv)
    f = a.ok("POST", "/api/v2/filters", json={"title": "t", "context": ["home"],
                                              "keywords_attributes": [{"keyword": "a"}, {"keyword": "b"}]})
    ka, kb = f["keywords"]
    up = a.ok("PUT", f"/api/v2/filters/{f['id']}", json={
        "title": "renamed", "context": ["public"], "filter_action": "hide",
        "keywords_attributes": [{"id": ka["id"], "keyword": "A2", "whole_word": False},
                                {"id": kb["id"], "_destroy": True}, {"keyword": "c"}]})
    assert up["title"] == "renamed" and up["context"] == ["public"] and up["filter_action"] == "hide"
    assert [(k["keyword"], k["whole_word"]) for k in up["keywords"]] == [("A2", False), ("c", True)]
    # Keyword sub-resource.
    kc = up["keywords"][1]
    assert a.ok("GET", f"/api/v2/filters/keywords/{kc['id']}") == kc
    changed = a.ok("PUT", f"/api/v2/filters/keywords/{kc['id']}", data={"keyword": "see", "whole_word": "false"})
    assert changed == {"id": kc["id"], "keyword": "see", "whole_word": False}
    added = a.ok("POST", f"/api/v2/filters/{f['id']}/keywords", data={"keyword": "dee"})
    assert added["keyword"] == "dee" and added["whole_word"] is True
    assert a.ok("DELETE", f"/api/v2/filters/keywords/{added['id']}") == {}
    assert a.get(f"/api/v2/filters/keywords/{added['id']}").status_code == 404
    # Clearing expiry with an empty expires_in.
    a.ok("PUT", f"/api/v2/filters/{f['id']}", data={"expires_in": "60"})
    assert a.ok("GET", f"/api/v2/filters/{f['id']}")["expires_at"] is not None
    a.ok("PUT", f"/api/v2/filters/{f['id']}", data={"expires_in": ""})
    assert a.ok("GET", f"/api/v2/filters/{f['id']}")["expires_at"] is None
    assert a.ok("DELETE", f"/api/v2/filters/{f['id']}") == {}
    assert a.get(f"/api/v2/filters/{f['id']}").status_code == 404


def test_filter_statuses(srv):
    a = Actor.create(srv)
    b = Actor.create(srv)
    st = b.status("annoying")
    private = b.status("secret", visibility="private")
    f = a.ok("POST", "/api/v2/filters", data={"title": "s", "context[]": "home"})
    fs = a.ok("POST", f"/api/v2/filters/{f['id']}/statuses", data={"status_id": st["id"]})
    assert fs["status_id"] == st["id"] and set(fs) == {"id", "status_id"}
    dup = a.post(f"/api/v2/filters/{f['id']}/statuses", data={"status_id": st["id"]})
    assert dup.status_code == 422, describe(dup)
    assert a.post(f"/api/v2/filters/{f['id']}/statuses", data={"status_id": private["id"]}).status_code == 404
    assert a.ok("GET", f"/api/v2/filters/{f['id']}/statuses") == [fs]
    assert a.ok("GET", f"/api/v2/filters/statuses/{fs['id']}") == fs
    assert a.ok("GET", f"/api/v2/filters/{f['id']}")["statuses"] == [fs]
    assert b.get(f"/api/v2/filters/statuses/{fs['id']}").status_code == 404
    assert a.ok("DELETE", f"/api/v2/filters/statuses/{fs['id']}") == {}
    assert a.ok("GET", f"/api/v2/filters/{f['id']}/statuses") == []


@pytest.mark.parametrize("data,fragment", [
    ({"context[]": "home"}, "Title"),
    ({"title": "x"}, "Context"),
    ({"title": "x", "context[]": "everywhere"}, "Context"),
    ({"title": "x" * 257, "context[]": "home"}, "Title is too long"),
    ({"title": "x", "context[]": "home", "filter_action": "explode"}, "Filter action"),
    ({"title": "x", "context[]": "home", "keywords_attributes[][keyword]": "k" * 513}, "Keyword is too long"),
    ({"title": "x", "context[]": "home", "expires_in": "soon"}, "Expires in"),
])
def test_validation(srv, data, fragment):
    a = Actor.create(srv)
    r = a.post("/api/v2/filters", data=data)
    assert r.status_code == 422, describe(r)
    assert fragment in r.json()["error"], r.json()


def test_other_users_and_scopes(srv):
    a = Actor.create(srv)
    b = Actor.create(srv)
    f = a.ok("POST", "/api/v2/filters", data={"title": "mine", "context[]": "home",
                                               "keywords_attributes[][keyword]": "k"})
    for method, path in [("GET", f"/api/v2/filters/{f['id']}"), ("PUT", f"/api/v2/filters/{f['id']}"),
                         ("DELETE", f"/api/v2/filters/{f['id']}"),
                         ("GET", f"/api/v2/filters/keywords/{f['keywords'][0]['id']}"),
                         ("DELETE", f"/api/v2/filters/keywords/{f['keywords'][0]['id']}"),
                         ("POST", f"/api/v2/filters/{f['id']}/keywords"),
                         ("GET", f"/api/v1/filters/{f['keywords'][0]['id']}")]:
        r = b.request(method, path, data={"keyword": "x", "title": "y"})
        assert r.status_code == 404, f"{method} {path}: {describe(r)}"
    assert b.ok("GET", "/api/v2/filters") == []
    import requests
    assert requests.get(srv.base_url + "/api/v2/filters", timeout=30).status_code == 401
    assert a.ok("GET", f"/api/v2/filters/{f['id']}")["title"] == "mine"


def test_v1_filters_with_mastodon_py(srv):
    a = Actor.create(srv)
    m = Mastodon(access_token=a.token, api_base_url=srv.base_url)
    f = m.filter_create("Bad Word", ["home", "notifications"], irreversible=True, whole_word=False, expires_in=600)
    assert f["phrase"] == "Bad Word" and f["context"] == ["home", "notifications"]
    assert f["irreversible"] is True and f["whole_word"] is False and f["expires_at"] is not None
    assert set(f) == {"id", "phrase", "context", "whole_word", "expires_at", "irreversible"}
    assert [x["id"] for x in m.filters()] == [f["id"]]
    assert m.filter(f["id"])["phrase"] == "Bad Word"
    up = m.filter_update(f["id"], phrase="Worse Word", context=["public"], irreversible=False)
    assert up["phrase"] == "Worse Word" and up["context"] == ["public"] and up["irreversible"] is False
    # The same data through v2: a filter titled by the phrase with one keyword.
    v2 = a.ok("GET", "/api/v2/filters")
    assert len(v2) == 1 and v2[0]["keywords"][0]["keyword"] == "Worse Word" and v2[0]["filter_action"] == "warn"
    m.filter_delete(f["id"])
    assert m.filters() == []
    assert a.ok("GET", "/api/v2/filters") == []
    # v2 keywords show up as v1 filters.
    a.ok("POST", "/api/v2/filters", json={"title": "t", "context": ["home"],
                                          "keywords_attributes": [{"keyword": "x"}, {"keyword": "y"}]})
    assert sorted(x["phrase"] for x in m.filters()) == ["x", "y"]
