"""Discovery documents that clients read before logging in (mastodon-api.md §2.1, §7)."""
import re
import xml.etree.ElementTree as ET

import requests
from mastodon import Mastodon

VERSION_RE = re.compile(r"^4\.3\.0\+parloir-\d+\.\d+\.\d+$")
NODEINFO_20 = "http://nodeinfo.diaspora.software/ns/schema/2.0"
NODEINFO_21 = "http://nodeinfo.diaspora.software/ns/schema/2.1"


def get_json(url, **kw):
    r = requests.get(url, timeout=30, **kw)
    assert r.status_code == 200, f"GET {url} -> {r.status_code} {r.text[:500]}"
    assert r.headers.get("Content-Type", "").split(";")[0].strip() == "application/json", \
        f"GET {url}: Content-Type {r.headers.get('Content-Type')!r}"
    return r.json()


def check_v1_instance(body, server):
    assert VERSION_RE.match(body["version"]), f"version {body['version']!r}"
    assert body["uri"] == server.host, f"uri {body['uri']!r}, expected {server.host!r}"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["urls"], dict), "v1 instance must always have a urls object"
    assert body["urls"].get("streaming_api"), f"urls.streaming_api missing: {body['urls']}"
    assert re.match(r"^wss?://", body["urls"]["streaming_api"]), body["urls"]["streaming_api"]
    assert body["configuration"]["statuses"]["max_characters"] == 500
    assert body["api_versions"] == {"mastodon": 2}, body.get("api_versions")


def test_instance_v1(server):
    check_v1_instance(get_json(server.base_url + "/api/v1/instance"), server)


def test_instance_v1_trailing_slash(server):
    # Mastodon.py's constructor asks for /api/v1/instance/ (with the slash).
    check_v1_instance(get_json(server.base_url + "/api/v1/instance/"), server)


def test_instance_v2(server):
    body = get_json(server.base_url + "/api/v2/instance")
    assert VERSION_RE.match(body["version"]), body["version"]
    assert body["domain"] == server.host
    assert body["configuration"]["statuses"]["max_characters"] == 500
    assert "urls" in body["configuration"], body["configuration"].keys()
    assert isinstance(body["registrations"], dict) and "enabled" in body["registrations"]
    # Grouped notifications (/api/v2/notifications) exist: 2 makes Phanpy use them. Higher values
    # promise blur filters (5), quotes (7) and more, which do not exist.
    assert body["api_versions"] == {"mastodon": 2}, body.get("api_versions")


def test_nodeinfo_discovery_and_documents(server):
    wk = get_json(server.base_url + "/.well-known/nodeinfo")
    links = {l["rel"]: l["href"] for l in wk["links"]}
    assert NODEINFO_20 in links, wk
    assert links[NODEINFO_20] == server.base_url + "/nodeinfo/2.0", links
    for version in ("2.0", "2.1"):
        doc = get_json(server.base_url + f"/nodeinfo/{version}")
        assert doc["version"] == version
        assert doc["software"]["name"], doc["software"]
        assert re.match(r"^[a-z0-9-]+$", doc["software"]["name"]), doc["software"]
        assert doc["software"]["version"]
        assert "activitypub" in doc["protocols"]
        assert isinstance(doc["openRegistrations"], bool)
        assert isinstance(doc["usage"]["users"]["total"], int)
        assert doc["usage"]["users"]["total"] >= 1  # the admin account
        assert isinstance(doc["metadata"], dict), "megalodon's detector needs a metadata object"
        if doc["software"]["name"] != "mastodon":
            # megalodon accepts other names only with metadata.upstream.name == mastodon.
            assert doc["metadata"]["upstream"]["name"].lower() == "mastodon", doc["metadata"]


def test_host_meta(server):
    r = requests.get(server.base_url + "/.well-known/host-meta", timeout=30)
    assert r.status_code == 200, r.text
    assert "xml" in r.headers.get("Content-Type", ""), r.headers.get("Content-Type")
    root = ET.fromstring(r.content)
    assert root.tag == "{http://docs.oasis-open.org/ns/xri/xrd-1.0}XRD", root.tag
    links = root.findall("{http://docs.oasis-open.org/ns/xri/xrd-1.0}Link")
    lrdd = [l for l in links if l.get("rel") == "lrdd"]
    assert lrdd, r.text
    assert lrdd[0].get("template") == server.base_url + "/.well-known/webfinger?resource={uri}"


def test_oauth_authorization_server_metadata(server):
    body = get_json(server.base_url + "/.well-known/oauth-authorization-server")
    assert body["issuer"].rstrip("/") == server.base_url
    assert body["authorization_endpoint"] == server.base_url + "/oauth/authorize"
    assert body["token_endpoint"] == server.base_url + "/oauth/token"
    assert body["revocation_endpoint"] == server.base_url + "/oauth/revoke"
    assert body["app_registration_endpoint"] == server.base_url + "/api/v1/apps"
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["response_types_supported"] == ["code"]
    for grant in ("authorization_code", "password", "client_credentials"):
        assert grant in body["grant_types_supported"], body["grant_types_supported"]
    for scope in ("read", "write", "follow", "push"):
        assert scope in body["scopes_supported"]


def test_mastodon_py_constructor_reads_version(server):
    m = Mastodon(api_base_url=server.base_url)
    # Mastodon.py normalises "4.3.0+parloir-X.Y.Z" to 4.3.0 (it falls back to 1.0.0 on failure).
    assert m.version_check_worked is True
    assert (m.mastodon_major, m.mastodon_minor, m.mastodon_patch) == (4, 3, 0)
    info = m.instance()
    assert info["uri"] == server.host


def test_cors_simple_request(server):
    r = requests.get(server.base_url + "/api/v1/instance", timeout=30,
                     headers={"Origin": "https://elk.example"})
    assert r.status_code == 200
    assert r.headers.get("Access-Control-Allow-Origin") == "*", dict(r.headers)


def test_cors_preflight_for_browser_clients(server):
    # Phanpy registers its app and exchanges tokens from the browser.
    r = requests.options(server.base_url + "/api/v1/apps", timeout=30, headers={
        "Origin": "https://phanpy.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"})
    assert r.status_code in (200, 204), f"{r.status_code} {r.text[:300]}"
    assert r.headers.get("Access-Control-Allow-Origin") == "*", dict(r.headers)
    methods = r.headers.get("Access-Control-Allow-Methods", "").upper()
    assert "POST" in methods, dict(r.headers)
    allowed = r.headers.get("Access-Control-Allow-Headers", "").lower()
    assert "authorization" in allowed and "content-type" in allowed or allowed == "*", dict(r.headers)
