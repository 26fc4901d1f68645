"""The admin API's federation domain lists: /api/v1/admin/domain_blocks (Mastodon.py
admin_domain_blocks / admin_create_domain_block / admin_update_domain_block /
admin_delete_domain_block) and /api/v1/admin/domain_allows (raw requests: Mastodon.py has no
wrapper). Entries are the ones `parloir admin domain` manages (and the federation gate reads);
changes need manage_federation and are audit-logged; bad input gets 422/404 and changes nothing."""
import pytest
import requests
from mastodon.errors import MastodonAPIError, MastodonNotFoundError

from helpers import bearer
from org_util import ADMIN_SCOPES, admin_client, audit_actions, login


def _cli_domains(server):
    """{(domain, policy)} of the database entries, as `parloir admin domain list` prints them."""
    out = server.cli("admin", "domain", "list").stdout.splitlines()
    return {tuple(line.split("\t")[:2]) for line in out[1:] if line.endswith("\tdatabase")}


def test_domain_blocks_through_mastodon_py_reach_the_federation_lists_and_the_audit_log(server):
    admin = admin_client(server)
    assert admin.admin_domain_blocks() == []

    block = admin.admin_create_domain_block("Spam.Example ", severity="suspend")
    assert block["domain"] == "spam.example" and block["severity"] == "suspend" and block["id"]
    assert admin.admin_create_domain_block("bad.example")["severity"] == "suspend"  # no severity: suspend
    assert [b["domain"] for b in admin.admin_domain_blocks()] == ["bad.example", "spam.example"]
    assert admin.admin_domain_blocks(id=block["id"])["domain"] == "spam.example"
    assert ("spam.example", "block") in _cli_domains(server)

    # What Parloir cannot do is refused, not approximated; duplicates and non-domains too.
    for bad in [dict(domain="other.example", severity="silence"), dict(domain="spam.example"),
                dict(domain="not a domain"), dict(domain="")]:
        with pytest.raises(MastodonAPIError) as e:
            admin.admin_create_domain_block(**bad)
        assert e.value.args[1] == 422, bad
    with pytest.raises(MastodonAPIError) as e:
        admin.admin_update_domain_block(block["id"], severity="noop")
    assert e.value.args[1] == 422
    assert admin.admin_update_domain_block(block["id"], severity="suspend")["domain"] == "spam.example"
    assert len(admin.admin_domain_blocks()) == 2

    # A CLI entry shows in the API with the same id scheme, and deleting through the API removes it.
    server.cli("admin", "domain", "block", "cli.example")
    by_domain = {b["domain"]: b["id"] for b in admin.admin_domain_blocks()}
    assert set(by_domain) == {"bad.example", "spam.example", "cli.example"}
    admin.admin_delete_domain_block(by_domain["cli.example"])
    admin.admin_delete_domain_block(block["id"])
    with pytest.raises(MastodonNotFoundError):
        admin.admin_delete_domain_block(block["id"])
    assert _cli_domains(server) == {("bad.example", "block")}

    actions = [(e["action"], e["target_type"]) for e in audit_actions(server, admin)]
    assert actions.count(("create_domain_block", "DomainBlock")) == 2
    assert actions.count(("destroy_domain_block", "DomainBlock")) == 2


def test_domain_allows_and_permissions(server):
    admin = admin_client(server)
    h = bearer(admin.access_token)
    url = server.base_url + "/api/v1/admin/domain_allows"
    r = requests.post(url, data={"domain": "school-b.example:8443"}, headers=h, timeout=30)
    assert r.status_code == 200, r.text
    allow = r.json()
    assert allow["domain"] == "school-b.example:8443" and "severity" not in allow
    assert requests.get(url, headers=h, timeout=30).json() == [allow]
    assert requests.get(f"{url}/{allow['id']}", headers=h, timeout=30).json() == allow
    assert ("school-b.example:8443", "allow") in _cli_domains(server)
    assert requests.post(url, data={"domain": "x.example:port"}, headers=h, timeout=30).status_code == 422

    # A moderator (no manage_federation) and a plain user are refused; anonymous is 401.
    mod_u = server.create_user(role="moderator")
    mod = login(server, mod_u.email, mod_u.password, ADMIN_SCOPES)
    for path in ["/api/v1/admin/domain_allows", "/api/v1/admin/domain_blocks"]:
        r = requests.post(server.base_url + path, data={"domain": "m.example"}, headers=bearer(mod.access_token),
                          timeout=30)
        assert r.status_code == 403 and r.json()["error"] == "This action is not allowed"
        assert requests.get(server.base_url + path, timeout=30).status_code == 401
    assert requests.get(url, headers=h, timeout=30).json() == [allow]  # nothing changed

    assert requests.delete(f"{url}/{allow['id']}", headers=h, timeout=30).status_code == 200
    assert requests.get(f"{url}/{allow['id']}", headers=h, timeout=30).status_code == 404
    assert _cli_domains(server) == set()
    actions = [e["action"] for e in audit_actions(server, admin)]
    assert "create_domain_allow" in actions and "destroy_domain_allow" in actions
