#include "services/remote_media.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "services/event_hub.h"
#include "services/media.h"
#include "services/view_cache.h"
#include "util/time.h"

namespace parloir::services {

using store::RemoteFileKind;
using store::RemoteFileState;
using util::fail;

namespace {

// Records one remote attachment (unattached) and queues its file. Returns its id.
util::Result<core::Id> insert_remote_attachment(store::Tx& tx, const Deps& deps, core::Id account_id,
                                                const RemoteAttachmentInput& in, std::int64_t now) {
  core::MediaAttachment m;
  m.id = deps.ids.next(now);
  m.account_id = account_id;
  m.type = in.type;
  m.content_type = in.content_type;
  m.width = in.width;
  m.height = in.height;
  m.focus_x = std::clamp(in.focus_x, -1.0, 1.0);
  m.focus_y = std::clamp(in.focus_y, -1.0, 1.0);
  m.description = in.description;
  m.blurhash = in.blurhash;
  m.created_at = now;
  m.remote_url = in.url;
  if (auto st = tx.media().insert(m); !st) return fail(st.error());
  if (auto st = tx.media().queue_remote_file(RemoteFileKind::attachment, m.id, in.url, now); !st)
    return fail(st.error());
  return m.id;
}

}  // namespace

util::Status add_remote_attachments_in_tx(store::Tx& tx, const Deps& deps, core::Id account_id, core::Id status_id,
                                          const std::vector<RemoteAttachmentInput>& attachments) {
  if (attachments.empty()) return {};
  const std::int64_t now = util::now_ms();
  std::vector<core::Id> ids;
  for (const auto& in : attachments) {
    if (ids.size() >= kMaxRemoteAttachments) break;
    auto id = insert_remote_attachment(tx, deps, account_id, in, now);
    if (!id) return fail(id.error());
    ids.push_back(*id);
  }
  return tx.media().attach(status_id, ids);
}

util::Result<bool> replace_remote_attachments_in_tx(store::Tx& tx, const Deps& deps, core::Id account_id,
                                                    core::Id status_id,
                                                    const std::vector<RemoteAttachmentInput>& attachments) {
  auto current = tx.media().list_for_statuses({status_id});
  if (!current) return fail(current.error());
  const std::int64_t now = util::now_ms();
  std::vector<core::Id> before, ids;
  for (const auto& m : *current) before.push_back(m.id);
  std::vector<bool> reused(current->size(), false);
  bool details_changed = false;
  for (const auto& in : attachments) {
    if (ids.size() >= kMaxRemoteAttachments) break;
    std::optional<std::size_t> match;
    for (std::size_t i = 0; i < current->size() && !match; ++i)
      if (!reused[i] && (*current)[i].remote_url == in.url) match = i;
    if (!match) {
      auto id = insert_remote_attachment(tx, deps, account_id, in, now);
      if (!id) return fail(id.error());
      ids.push_back(*id);
      continue;
    }
    reused[*match] = true;
    const core::MediaAttachment& m = (*current)[*match];
    const double fx = std::clamp(in.focus_x, -1.0, 1.0), fy = std::clamp(in.focus_y, -1.0, 1.0);
    if (m.description != in.description || m.focus_x != fx || m.focus_y != fy) {
      if (auto st = tx.media().update_details(m.id, in.description, fx, fy); !st) return fail(st.error());
      details_changed = true;
    }
    ids.push_back(m.id);
  }
  if (ids == before) return details_changed;
  if (auto st = tx.media().attach(status_id, ids); !st) return fail(st.error());
  return true;
}

util::Status queue_profile_images_in_tx(store::Tx& tx, const core::Account& account, const std::string& avatar_url,
                                        const std::string& header_url) {
  const std::int64_t now = util::now_ms();
  for (auto [kind, url] : {std::pair{RemoteFileKind::avatar, &avatar_url}, std::pair{RemoteFileKind::header, &header_url}}) {
    auto st = url->empty() ? tx.media().forget_remote_file(kind, account.id)
                           : tx.media().queue_remote_file(kind, account.id, *url, now);
    if (!st) return st;
  }
  return {};
}

namespace {

util::Status cache_attachment(const Deps& deps, const store::RemoteFile& file, std::string_view data) {
  std::optional<core::MediaAttachment> row;
  auto rd = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto f = tx.media().find(file.owner_id);
    if (!f) return fail(f.error());
    row = std::move(*f);
    return {};
  });
  if (!rd) return rd;
  if (!row) {
    return deps.store.write([&](store::Tx& tx) { return tx.media().forget_remote_file(file.kind, file.owner_id); });
  }
  core::MediaAttachment a = *row;
  if (auto st = process_remote_media(deps, data, a); !st) return st;
  bool current = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto settled = tx.media().settle_remote_file(file.kind, file.owner_id, file.remote_url, RemoteFileState::cached,
                                                 file.attempts, util::now_ms());
    if (!settled) return fail(settled.error());
    current = *settled;
    if (!current) return {};
    return tx.media().set_files(a);
  });
  if (!st || !current) {
    remove_media_file(deps, a.file_key);
    if (a.preview_key != a.file_key) remove_media_file(deps, a.preview_key);
    return st;
  }
  for (const std::string* old : {&row->file_key, &row->preview_key})
    if (!old->empty() && *old != a.file_key && *old != a.preview_key) remove_media_file(deps, *old);
  if (row->status_id) deps.views.invalidate_status(*row->status_id);
  return {};
}

util::Status cache_profile_image(const Deps& deps, const store::RemoteFile& file, std::string_view data) {
  const bool avatar = file.kind == RemoteFileKind::avatar;
  auto key = store_profile_image(deps, data, avatar ? ProfileImage::avatar : ProfileImage::header);
  if (!key) return fail(key.error());
  std::string old;
  bool current = false;
  auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
    auto a = tx.accounts().find_by_id(file.owner_id);
    if (!a) return fail(a.error());
    if (!*a || (*a)->is_local()) return tx.media().forget_remote_file(file.kind, file.owner_id);
    auto settled = tx.media().settle_remote_file(file.kind, file.owner_id, file.remote_url, RemoteFileState::cached,
                                                 file.attempts, util::now_ms());
    if (!settled) return fail(settled.error());
    current = *settled;
    if (!current) return {};
    core::Account u = **a;
    std::string& path = avatar ? u.avatar_path : u.header_path;
    old = path;
    path = *key;
    return tx.accounts().update_profile(u);
  });
  if (!st || !current) {
    remove_media_file(deps, *key);
    return st;
  }
  remove_media_file(deps, old);
  deps.views.invalidate_account(file.owner_id);
  return {};
}

}  // namespace

util::Status cache_remote_file(const Deps& deps, const store::RemoteFile& file, std::string_view data) {
  return file.kind == RemoteFileKind::attachment ? cache_attachment(deps, file, data)
                                                 : cache_profile_image(deps, file, data);
}

util::Result<std::size_t> prune_remote_media(const Deps& deps, std::int64_t before_ms) {
  std::size_t dropped = 0;
  for (;;) {
    std::vector<std::string> gone_keys;
    std::vector<core::Id> statuses, accounts;
    std::size_t batch = 0;
    auto st = deps.store.write([&](store::Tx& tx) -> util::Status {
      auto files = tx.media().cached_remote_files_before(before_ms, 200);
      if (!files) return fail(files.error());
      batch = files->size();
      for (const auto& f : *files) {
        auto settled = tx.media().settle_remote_file(f.kind, f.owner_id, f.remote_url, RemoteFileState::pruned,
                                                     f.attempts, f.fetched_at);
        if (!settled) return fail(settled.error());
        if (f.kind == RemoteFileKind::attachment) {
          auto m = tx.media().find(f.owner_id);
          if (!m) return fail(m.error());
          if (!*m) continue;
          core::MediaAttachment a = **m;
          gone_keys.push_back(a.file_key);
          if (a.preview_key != a.file_key) gone_keys.push_back(a.preview_key);
          a.file_key.clear();
          a.preview_key.clear();
          a.small_width = a.small_height = 0;
          if (auto s = tx.media().set_files(a); !s) return s;
          if (a.status_id) statuses.push_back(*a.status_id);
        } else {
          auto acc = tx.accounts().find_by_id(f.owner_id);
          if (!acc) return fail(acc.error());
          if (!*acc) continue;
          core::Account u = **acc;
          std::string& path = f.kind == RemoteFileKind::avatar ? u.avatar_path : u.header_path;
          if (path.empty()) continue;
          gone_keys.push_back(path);
          path.clear();
          if (auto s = tx.accounts().update_profile(u); !s) return s;
          accounts.push_back(u.id);
        }
      }
      return {};
    });
    if (!st) return fail(st.error());
    for (const auto& k : gone_keys) remove_media_file(deps, k);
    for (core::Id id : statuses) deps.views.invalidate_status(id);
    for (core::Id id : accounts) deps.views.invalidate_account(id);
    // why: from the admin CLI the server's caches are elsewhere; the event crosses processes
    // through the relay (services/event_relay.h), which invalidates them there.
    if (!statuses.empty() || !accounts.empty()) deps.events.publish(ViewsChangedEvent{statuses, accounts});
    dropped += gone_keys.size();
    if (batch < 200) break;
  }
  return dropped;
}

}  // namespace parloir::services
