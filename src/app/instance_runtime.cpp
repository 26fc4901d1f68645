#include "app/instance_runtime.h"

#include <filesystem>
#include <system_error>

#include "services/rules.h"

namespace parloir::app {

util::Result<std::unique_ptr<InstanceRuntime>> open_instance(const Config& config, bool migrate) {
  std::error_code ec;
  std::filesystem::create_directories(config.storage.data_dir, ec);
  if (ec)
    return util::fail(util::ErrorCode::internal,
                      "cannot create data directory " + config.storage.data_dir + ": " + ec.message());
  auto rt = std::make_unique<InstanceRuntime>();
  rt->config = config;
  store::SqliteOptions opts;
  opts.path = config.database_path();
  opts.migrate_on_open = migrate;
  opts.read_connections = config.storage.read_connections;
  opts.writer_cache_kib = config.storage.writer_cache_mib * 1024;
  opts.reader_cache_kib = config.storage.reader_cache_mib * 1024;
  auto store = store::open_sqlite(opts);
  if (!store) return util::fail(store.error());
  rt->store = std::move(*store);
  rt->settings.base_url = config.base_url;
  rt->settings.domain = config.domain;
  rt->settings.max_characters = config.instance.max_characters;
  rt->settings.registrations = config.instance.registrations;
  rt->settings.min_schedule_seconds = config.instance.min_schedule_seconds;
  rt->settings.min_poll_expiration_seconds = config.instance.min_poll_expiration_seconds;
  rt->settings.email_domain_allowlist = config.instance.email_domain_allowlist;
  rt->settings.email_domain_denylist = config.instance.email_domain_denylist;
  rt->settings.default_follows = config.instance.default_follows;
  rt->settings.local_only_default = config.instance.local_only_default;
  rt->settings.min_expires_in_s = config.instance.min_expires_in;
  rt->settings.max_expires_in_s = config.instance.max_expires_in;
  rt->media_storage = media::open_local_storage(config.media_path());
  rt->media_gate = std::make_unique<media::ProcessingGate>(config.media.processing_slots);
  services::MediaSettings ms;
  ms.image_size_limit = config.media.image_size_limit;
  ms.video_size_limit = config.media.video_size_limit;
  ms.image_matrix_limit = config.media.image_matrix_limit;
  ms.animation_pixel_limit = config.media.animation_pixel_limit;
  ms.unattached_ttl_ms = config.media.unattached_ttl_s * 1000;
  rt->media = std::make_unique<services::MediaDeps>(
      services::MediaDeps{*rt->media_storage, *rt->media_gate, ms, config.storage.data_dir + "/tmp"});
  rt->channel = std::make_unique<services::OutboxChannel>(*rt->store);
  services::InstanceSettingValues defaults;
  defaults.title = config.instance.title;
  defaults.short_description = config.instance.description;
  defaults.description = config.instance.description;
  defaults.contact_email = config.instance.contact_email;
  defaults.registrations = config.instance.registrations;
  defaults.configured_languages = config.instance.languages;
  if (!config.instance.languages.empty()) defaults.default_language = config.instance.languages.front();
  rt->instance_settings = std::make_unique<services::InstanceSettings>(std::move(defaults));
  if (auto st = rt->instance_settings->load(*rt->store); !st) {
    if (migrate) return util::fail(st.error());  // why: without migrations the table may not exist yet
  }
  return rt;
}

util::Status seed_configured_rules(InstanceRuntime& rt) {
  std::vector<services::RuleSeed> seeds;
  for (const auto& r : rt.config.instance.rules) seeds.push_back(services::RuleSeed{r.text, r.hint});
  auto n = services::seed_rules(rt.deps(), seeds);
  if (!n) return util::fail(n.error());
  return {};
}

void relay_events_to_server(InstanceRuntime& rt) {
  rt.relay = std::make_unique<services::RelayPublisher>(rt.events, *rt.channel);
}

}  // namespace parloir::app
