#include "app/config.h"

#include <unistd.h>

#include <functional>
#include <utility>

#include <toml++/toml.h>

#include "http/address_policy.h"
#include "util/strings.h"
#include "util/time.h"

extern char** environ;

namespace parloir::app {

using util::ErrorCode;
using util::fail;

namespace {

// One configuration key: where it lives and how to set it from text (env/flags) or TOML.
struct Key {
  const char* section;
  const char* name;
  const char* expected;  // human description of a valid value
  std::function<bool(Config&, const std::string&)> set_text;
};

bool set_int(int& out, const std::string& v, int min, int max) {
  if (!util::is_digits(v) || v.size() > 9) return false;
  int n = std::stoi(v);
  if (n < min || n > max) return false;
  out = n;
  return true;
}

bool set_duration(std::int64_t& out, const std::string& v) {
  auto s = util::parse_duration_seconds(v);
  if (!s || *s <= 0) return false;
  out = *s;
  return true;
}

bool set_bool(bool& out, const std::string& v) {
  const std::string l = util::to_lower(v);
  if (l == "true" || l == "1" || l == "yes" || l == "on") {
    out = true;
    return true;
  }
  if (l == "false" || l == "0" || l == "no" || l == "off") {
    out = false;
    return true;
  }
  return false;
}

// "a, b,,c" -> {"a", "b", "c"} (lower-cased, trimmed, empties dropped).
std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  for (auto& part : util::split(v, ',')) {
    std::string t = util::to_lower(util::trim(part));
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

bool set_count(std::int64_t& out, const std::string& v) {
  int n = 0;
  if (!set_int(n, v, 1, 100000000)) return false;
  out = n;
  return true;
}

// A comma-separated list, items trimmed, empty items dropped (an empty text is an empty list).
bool set_list(std::vector<std::string>& out, const std::string& v) {
  out.clear();
  for (auto& item : util::split(v, ',')) {
    std::string t(util::trim(item));
    if (!t.empty()) out.push_back(std::move(t));
  }
  return true;
}

// Like set_list, lower-cased; each item must look like a domain (no '@', '/', spaces).
bool set_domains(std::vector<std::string>& out, const std::string& v) {
  set_list(out, v);
  for (auto& d : out) {
    d = util::to_lower(d);
    if (d.find_first_of("@/ :") != std::string::npos) return false;
  }
  return true;
}

bool set_bytes(std::int64_t& out, const std::string& v, std::int64_t max = 104857600) {
  if (!util::is_digits(v) || v.size() > 12) return false;
  std::int64_t n = std::stoll(v);
  if (n < 1024 || n > max) return false;
  out = n;
  return true;
}

const std::vector<Key>& keys() {
  static const std::vector<Key> k = {
      {"server", "listen", "HOST:PORT, e.g. 127.0.0.1:8080",
       [](Config& c, const std::string& v) { c.server.listen = v; return true; }},
      {"server", "url", "an http(s) URL such as https://social.example.org",
       [](Config& c, const std::string& v) { c.server.url = v; return true; }},
      {"server", "io_threads", "an integer from 1 to 64",
       [](Config& c, const std::string& v) { return set_int(c.server.io_threads, v, 1, 64); }},
      {"server", "blocking_threads", "an integer from 1 to 256",
       [](Config& c, const std::string& v) { return set_int(c.server.blocking_threads, v, 1, 256); }},
      {"server", "max_connections", "an integer from 1 to 1000000",
       [](Config& c, const std::string& v) { return set_int(c.server.max_connections, v, 1, 1000000); }},
      {"server", "header_limit", "bytes, from 1024 to 1048576",
       [](Config& c, const std::string& v) { return set_int(c.server.header_limit, v, 1024, 1048576); }},
      {"server", "body_limit", "bytes, from 1024 to 104857600",
       [](Config& c, const std::string& v) { return set_int(c.server.body_limit, v, 1024, 104857600); }},
      {"server", "read_timeout", "a duration such as 30s or 2m",
       [](Config& c, const std::string& v) { return set_duration(c.server.read_timeout_s, v); }},
      {"server", "idle_timeout", "a duration such as 75s",
       [](Config& c, const std::string& v) { return set_duration(c.server.idle_timeout_s, v); }},
      {"storage", "data_dir", "a directory path",
       [](Config& c, const std::string& v) { c.storage.data_dir = v; return !v.empty(); }},
      {"storage", "read_connections", "an integer from 1 to 64",
       [](Config& c, const std::string& v) { return set_int(c.storage.read_connections, v, 1, 64); }},
      {"storage", "writer_cache_mib", "MiB, an integer from 1 to 4096",
       [](Config& c, const std::string& v) { return set_int(c.storage.writer_cache_mib, v, 1, 4096); }},
      {"storage", "reader_cache_mib", "MiB, an integer from 1 to 4096",
       [](Config& c, const std::string& v) { return set_int(c.storage.reader_cache_mib, v, 1, 4096); }},
      {"instance", "title", "text", [](Config& c, const std::string& v) { c.instance.title = v; return true; }},
      {"instance", "description", "text",
       [](Config& c, const std::string& v) { c.instance.description = v; return true; }},
      {"instance", "contact_email", "an email address or empty",
       [](Config& c, const std::string& v) { c.instance.contact_email = v; return true; }},
      {"instance", "max_characters", "an integer from 1 to 100000",
       [](Config& c, const std::string& v) { return set_int(c.instance.max_characters, v, 1, 100000); }},
      {"instance", "registrations", "one of open, approval, invite, closed",
       [](Config& c, const std::string& v) {
         if (v != "open" && v != "approval" && v != "invite" && v != "closed") return false;
         c.instance.registrations = v;
         return true;
       }},
      {"instance", "nodeinfo_software_name", "a lower-case name such as parloir or mastodon",
       [](Config& c, const std::string& v) {
         if (v.empty()) return false;
         c.instance.nodeinfo_software_name = v;
         return true;
       }},
      {"instance", "languages", "comma-separated ISO 639-1 codes, e.g. en,fr",
       [](Config& c, const std::string& v) {
         c.instance.languages = util::split(v, ',');
         for (auto& l : c.instance.languages) l = std::string(util::trim(l));
         return !c.instance.languages.empty();
       }},
      {"instance", "private", "true or false",
       [](Config& c, const std::string& v) { return set_bool(c.instance.private_instance, v); }},
      {"instance", "email_domain_allowlist", "comma-separated domains, e.g. example.com,example.org",
       [](Config& c, const std::string& v) { return set_domains(c.instance.email_domain_allowlist, v); }},
      {"instance", "email_domain_denylist", "comma-separated domains",
       [](Config& c, const std::string& v) { return set_domains(c.instance.email_domain_denylist, v); }},
      {"instance", "default_follows", "comma-separated local usernames",
       [](Config& c, const std::string& v) { return set_list(c.instance.default_follows, v); }},
      {"instance", "rules", "rules, one a line, text and hint separated by a tab (in the TOML file: an "
                            "array of strings or of {text, hint} tables)",
       [](Config& c, const std::string& v) {
         c.instance.rules.clear();
         for (const auto& line : util::split(v, '\n')) {
           if (util::trim(line).empty()) continue;
           auto tab = line.find('\t');
           c.instance.rules.push_back(RuleSetting{std::string(util::trim(line.substr(0, tab))),
                                                  tab == std::string::npos ? "" : std::string(util::trim(line.substr(tab + 1)))});
         }
         return true;
       }},
      {"instance", "local_only_default", "true or false",
       [](Config& c, const std::string& v) { return set_bool(c.instance.local_only_default, v); }},
      {"instance", "min_expires_in", "seconds, from 1 to 31536000",
       [](Config& c, const std::string& v) { return set_int(c.instance.min_expires_in, v, 1, 31536000); }},
      {"instance", "max_expires_in", "seconds, from 1 to 315360000",
       [](Config& c, const std::string& v) { return set_int(c.instance.max_expires_in, v, 1, 315360000); }},
      {"instance", "min_schedule_seconds", "seconds, from 0 to 31536000",
       [](Config& c, const std::string& v) { return set_int(c.instance.min_schedule_seconds, v, 0, 31536000); }},
      {"instance", "min_poll_expiration_seconds", "seconds, from 1 to 2629746",
       [](Config& c, const std::string& v) {
         return set_int(c.instance.min_poll_expiration_seconds, v, 1, 2629746);
       }},
      {"streaming", "max_connections_per_token", "an integer from 1 to 1000000",
       [](Config& c, const std::string& v) { return set_int(c.streaming.max_connections_per_token, v, 1, 1000000); }},
      {"streaming", "max_connections_per_ip", "an integer from 1 to 1000000",
       [](Config& c, const std::string& v) { return set_int(c.streaming.max_connections_per_ip, v, 1, 1000000); }},
      {"streaming", "queue_bytes", "bytes, from 4096 to 1073741824",
       [](Config& c, const std::string& v) { return set_int(c.streaming.queue_bytes, v, 4096, 1073741824); }},
      {"streaming", "ping_timeout", "a duration such as 60s",
       [](Config& c, const std::string& v) { return set_duration(c.streaming.ping_timeout_s, v); }},
      {"streaming", "sse_heartbeat", "a duration such as 15s",
       [](Config& c, const std::string& v) { return set_duration(c.streaming.sse_heartbeat_s, v); }},
      {"rate_limits", "enabled", "true or false",
       [](Config& c, const std::string& v) { return set_bool(c.rate_limits.enabled, v); }},
      {"rate_limits", "authenticated", "requests per period, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.rate_limits.authenticated, v); }},
      {"rate_limits", "anonymous", "requests per period, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.rate_limits.anonymous, v); }},
      {"rate_limits", "period", "a duration such as 5m",
       [](Config& c, const std::string& v) { return set_duration(c.rate_limits.period_s, v); }},
      {"rate_limits", "sign_ups", "sign-ups per period, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.rate_limits.sign_ups.limit, v); }},
      {"rate_limits", "sign_ups_period", "a duration such as 30m",
       [](Config& c, const std::string& v) { return set_duration(c.rate_limits.sign_ups.period_s, v); }},
      {"rate_limits", "media", "uploads per period, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.rate_limits.media.limit, v); }},
      {"rate_limits", "media_period", "a duration such as 30m",
       [](Config& c, const std::string& v) { return set_duration(c.rate_limits.media.period_s, v); }},
      {"rate_limits", "deletes", "deletions per period, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.rate_limits.deletes.limit, v); }},
      {"rate_limits", "deletes_period", "a duration such as 30m",
       [](Config& c, const std::string& v) { return set_duration(c.rate_limits.deletes.period_s, v); }},
      {"rate_limits", "failed_logins", "failed logins per period, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.rate_limits.failed_logins.limit, v); }},
      {"rate_limits", "failed_logins_period", "a duration such as 5m",
       [](Config& c, const std::string& v) { return set_duration(c.rate_limits.failed_logins.period_s, v); }},
      {"federation", "mode", "one of open, allowlist, off",
       [](Config& c, const std::string& v) {
         if (v != "open" && v != "allowlist" && v != "off") return false;
         c.federation.mode = v;
         return true;
       }},
      {"federation", "allow_http", "true or false",
       [](Config& c, const std::string& v) { return set_bool(c.federation.allow_http, v); }},
      {"federation", "allow_private_addresses", "comma-separated CIDRs, e.g. 127.0.0.0/8,::1",
       [](Config& c, const std::string& v) {
         c.federation.allow_private_addresses = split_list(v);
         return static_cast<bool>(http::AddressPolicy::from_strings(c.federation.allow_private_addresses));
       }},
      {"federation", "allowed_domains", "comma-separated domains (host or host:port)",
       [](Config& c, const std::string& v) { c.federation.allowed_domains = split_list(v); return true; }},
      {"federation", "blocked_domains", "comma-separated domains (host or host:port)",
       [](Config& c, const std::string& v) { c.federation.blocked_domains = split_list(v); return true; }},
      {"federation", "delivery_workers", "an integer from 1 to 64",
       [](Config& c, const std::string& v) { return set_int(c.federation.delivery_workers, v, 1, 64); }},
      {"federation", "authorized_fetch", "true or false",
       [](Config& c, const std::string& v) { return set_bool(c.federation.authorized_fetch, v); }},
      {"federation", "unavailable_after", "a duration such as 7d",
       [](Config& c, const std::string& v) { return set_duration(c.federation.unavailable_after_s, v); }},
      {"media", "image_size_limit", "bytes, from 1024 to 104857600",
       [](Config& c, const std::string& v) { return set_bytes(c.media.image_size_limit, v); }},
      {"media", "video_size_limit", "bytes, from 1024 to 1073741824",
       [](Config& c, const std::string& v) { return set_bytes(c.media.video_size_limit, v, 1073741824); }},
      {"media", "image_matrix_limit", "pixels, from 1 to 100000000",
       [](Config& c, const std::string& v) { return set_count(c.media.image_matrix_limit, v); }},
      {"media", "animation_pixel_limit", "pixels (frames x width x height), from 1 to 1000000000",
       [](Config& c, const std::string& v) {
         int n = 0;
         if (!set_int(n, v, 1, 1000000000)) return false;
         c.media.animation_pixel_limit = n;
         return true;
       }},
      {"media", "processing_slots", "an integer from 1 to 64",
       [](Config& c, const std::string& v) { return set_int(c.media.processing_slots, v, 1, 64); }},
      {"media", "vips_threads", "an integer from 1 to 64",
       [](Config& c, const std::string& v) { return set_int(c.media.vips_threads, v, 1, 64); }},
      {"media", "unattached_ttl", "a duration such as 24h",
       [](Config& c, const std::string& v) { return set_duration(c.media.unattached_ttl_s, v); }},
      {"media", "remote_cache_retention", "a duration such as 7d, or 0 (keep)",
       [](Config& c, const std::string& v) {
         if (v == "0" || v == "off") {
           c.media.remote_cache_retention_s = 0;
           return true;
         }
         return set_duration(c.media.remote_cache_retention_s, v);
       }},
      {"log", "level", "one of trace, debug, info, warn, error, off",
       [](Config& c, const std::string& v) {
         static const char* ok[] = {"trace", "debug", "info", "warn", "error", "off"};
         for (const char* o : ok)
           if (v == o) {
             c.log.level = v;
             return true;
           }
         return false;
       }},
      {"web", "root", "a directory holding the built web app (web/dist), or empty for the built-in one",
       [](Config& c, const std::string& v) { c.web.root = v; return true; }},
      {"web", "media_sources", "space-separated CSP sources such as https: or https://media.example.org",
       [](Config& c, const std::string& v) {
         if (v.find_first_of(";,'\"\r\n") != std::string::npos) return false;
         c.web.media_sources = std::string(util::trim(v));
         return true;
       }},
      {"log", "access_log", "off, - (stdout) or a file path",
       [](Config& c, const std::string& v) { c.log.access_log = v; return true; }},
  };
  return k;
}

std::string env_name(const Key& k) {
  std::string n = std::string("PARLOIR_") + k.section + "_" + k.name;
  for (auto& ch : n) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return n;
}

util::Error bad_value(const Key& k, const std::string& value, const std::string& source) {
  return util::Error{ErrorCode::bad_request,
                     std::string(k.section) + "." + k.name + " (" + source + "): expected " + k.expected +
                         ", got \"" + value + "\"",
                     {}};
}

// instance.rules from TOML: an array whose items are strings or {text = "…", hint = "…"} tables.
bool set_rules(Config& c, const toml::node& node) {
  const auto* arr = node.as_array();
  if (!arr) return false;
  c.instance.rules.clear();
  for (const auto& el : *arr) {
    if (auto s = el.value<std::string>()) {
      c.instance.rules.push_back(RuleSetting{*s, ""});
      continue;
    }
    const auto* t = el.as_table();
    if (!t) return false;
    auto text = (*t)["text"].value<std::string>();
    if (!text) return false;
    c.instance.rules.push_back(RuleSetting{*text, (*t)["hint"].value_or(std::string())});
  }
  return true;
}

// TOML value -> the text form that set_text understands.
std::optional<std::string> toml_text(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (node.is_integer()) return std::to_string(*node.value<std::int64_t>());
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (auto arr = node.as_array()) {
    std::string out;
    for (const auto& el : *arr) {
      auto s = el.value<std::string>();
      if (!s) return std::nullopt;
      if (!out.empty()) out += ",";
      out += *s;
    }
    return out;
  }
  return std::nullopt;
}

util::Status derive(Config& c, const std::map<std::string, std::string>& sources) {
  const Key* url_key = nullptr;
  const Key* listen_key = nullptr;
  for (const auto& k : keys()) {
    if (std::string(k.section) == "server" && std::string(k.name) == "url") url_key = &k;
    if (std::string(k.section) == "server" && std::string(k.name) == "listen") listen_key = &k;
  }
  // URL: scheme://host[:port][/]
  std::string url = c.server.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  auto sep = url.find("://");
  std::string scheme = sep == std::string::npos ? "" : util::to_lower(url.substr(0, sep));
  std::string authority = sep == std::string::npos ? "" : util::to_lower(url.substr(sep + 3));
  if ((scheme != "http" && scheme != "https") || authority.empty() ||
      authority.find_first_of("/?#@ ") != std::string::npos)
    return fail(bad_value(*url_key, c.server.url, sources.at("server.url")));
  c.scheme = scheme;
  c.domain = authority;
  auto colon = authority.rfind(':');
  c.host = (colon != std::string::npos && authority.find(']') == std::string::npos) ? authority.substr(0, colon)
                                                                                    : authority;
  if (colon != std::string::npos && !util::is_digits(authority.substr(colon + 1)))
    return fail(bad_value(*url_key, c.server.url, sources.at("server.url")));
  c.base_url = scheme + "://" + authority;
  // Listen: host:port
  auto lc = c.server.listen.rfind(':');
  if (lc == std::string::npos || lc == 0 || !util::is_digits(c.server.listen.substr(lc + 1)) ||
      c.server.listen.size() - lc - 1 > 5)
    return fail(bad_value(*listen_key, c.server.listen, sources.at("server.listen")));
  int port = std::stoi(c.server.listen.substr(lc + 1));
  if (port > 65535) return fail(bad_value(*listen_key, c.server.listen, sources.at("server.listen")));
  c.listen_host = c.server.listen.substr(0, lc);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[' && c.listen_host.back() == ']')
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  c.listen_port = static_cast<std::uint16_t>(port);
  if (c.log.access_log.empty()) c.log.access_log = c.storage.data_dir + "/access.log";
  if (c.instance.min_expires_in > c.instance.max_expires_in)
    return fail(ErrorCode::bad_request, "instance.min_expires_in must not exceed instance.max_expires_in");
  return {};
}

}  // namespace

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos && kv.rfind("PARLOIR_", 0) == 0) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

util::Result<Config> load_config(const ConfigFlags& flags, const std::map<std::string, std::string>& env) {
  Config c;
  // Where server.url and server.listen came from, so errors found later name the right source.
  std::map<std::string, std::string> sources = {{"server.url", "default"}, {"server.listen", "default"}};
  auto note = [&sources](const Key& k, const std::string& source) {
    sources[std::string(k.section) + "." + k.name] = source;
  };
  std::string file = flags.config_file;
  if (file.empty()) {
    auto it = env.find("PARLOIR_CONFIG");
    if (it != env.end()) file = it->second;
  }
  if (!file.empty()) {
    toml::table tbl;
    try {
      tbl = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      return fail(ErrorCode::bad_request, "cannot read config file " + file + ": " + std::string(e.description()));
    }
    for (const auto& [section, node] : tbl) {
      const auto* sect = node.as_table();
      bool known_section = false;
      for (const auto& k : keys()) known_section |= std::string(k.section) == section.str();
      if (!sect || !known_section)
        return fail(ErrorCode::bad_request, "config file " + file + ": unknown section [" + std::string(section.str()) + "]");
      for (const auto& [name, value] : *sect) {
        const Key* key = nullptr;
        for (const auto& k : keys())
          if (std::string(k.section) == section.str() && std::string(k.name) == name.str()) key = &k;
        if (!key)
          return fail(ErrorCode::bad_request, "config file " + file + ": unknown key " + std::string(section.str()) +
                                                  "." + std::string(name.str()));
        if (section.str() == "instance" && name.str() == "rules") {
          if (!set_rules(c, value)) return fail(bad_value(*key, "<wrong type>", file));
          note(*key, file);
          continue;
        }
        auto text = toml_text(value);
        if (!text || !key->set_text(c, *text))
          return fail(bad_value(*key, text.value_or("<wrong type>"), file));
        note(*key, file);
      }
    }
  }
  for (const auto& k : keys()) {
    auto it = env.find(env_name(k));
    if (it == env.end()) continue;
    if (!k.set_text(c, it->second)) return fail(bad_value(k, it->second, env_name(k)));
    note(k, env_name(k));
  }
  if (!flags.url.empty()) {
    c.server.url = flags.url;
    sources["server.url"] = "--url";
  }
  if (!flags.listen.empty()) {
    c.server.listen = flags.listen;
    sources["server.listen"] = "--listen";
  }
  if (!flags.data_dir.empty()) c.storage.data_dir = flags.data_dir;
  if (auto st = derive(c, sources); !st) return fail(st.error());
  return c;
}

}  // namespace parloir::app
