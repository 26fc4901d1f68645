#include "app/instance_runtime.h"

#include <filesystem>
#include <system_error>

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
  auto store = store::open_sqlite(opts);
  if (!store) return util::fail(store.error());
  rt->store = std::move(*store);
  rt->settings.base_url = config.base_url;
  rt->settings.domain = config.domain;
  rt->settings.max_characters = config.instance.max_characters;
  rt->settings.registrations = config.instance.registrations;
  rt->settings.min_schedule_seconds = config.instance.min_schedule_seconds;
  rt->settings.min_poll_expiration_seconds = config.instance.min_poll_expiration_seconds;
  return rt;
}

}  // namespace parloir::app
