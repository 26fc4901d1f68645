#include "store/sqlite/media_repo.h"

#include <unordered_map>

namespace parloir::store::sqlite {

namespace {

#define PARLOIR_MEDIA_COLUMNS                                                                                 \
  "m.id, m.account_id, m.status_id, m.position, m.type, m.file_key, m.preview_key, m.content_type, "          \
  "m.file_size, m.width, m.height, m.small_width, m.small_height, m.focus_x, m.focus_y, m.duration, "         \
  "m.frame_rate, m.bitrate, m.description, m.blurhash, m.created_at, m.remote_url"

core::MediaAttachment read_media(const Stmt& st) {
  core::MediaAttachment m;
  m.id = st.col_int(0);
  m.account_id = st.col_int(1);
  m.status_id = st.col_opt_int(2);
  m.position = static_cast<int>(st.col_int(3));
  const auto t = st.col_int(4);
  m.type = t >= 0 && t <= 4 ? static_cast<core::MediaType>(t) : core::MediaType::unknown;
  m.file_key = st.col_text(5);
  m.preview_key = st.col_text(6);
  m.content_type = st.col_text(7);
  m.file_size = st.col_int(8);
  m.width = static_cast<int>(st.col_int(9));
  m.height = static_cast<int>(st.col_int(10));
  m.small_width = static_cast<int>(st.col_int(11));
  m.small_height = static_cast<int>(st.col_int(12));
  m.focus_x = st.col_double(13);
  m.focus_y = st.col_double(14);
  m.duration_s = st.col_double(15);
  m.frame_rate = st.col_text(16);
  m.bitrate = st.col_int(17);
  m.description = st.col_text(18);
  m.blurhash = st.col_text(19);
  m.created_at = st.col_int(20);
  m.remote_url = st.col_text(21);
  return m;
}

}  // namespace

Status SqliteMediaRepo::insert(const core::MediaAttachment& m) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO media_attachments (id, account_id, status_id, position, type, file_key, "
                      "preview_key, content_type, file_size, width, height, small_width, small_height, focus_x, "
                      "focus_y, duration, frame_rate, bitrate, description, blurhash, created_at, remote_url) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st->bind_int(1, m.id).bind_int(2, m.account_id).bind_opt_int(3, m.status_id).bind_int(4, m.position);
  st->bind_int(5, static_cast<int>(m.type)).bind_text(6, m.file_key).bind_text(7, m.preview_key);
  st->bind_text(8, m.content_type).bind_int(9, m.file_size).bind_int(10, m.width).bind_int(11, m.height);
  st->bind_int(12, m.small_width).bind_int(13, m.small_height).bind_double(14, m.focus_x);
  st->bind_double(15, m.focus_y).bind_double(16, m.duration_s).bind_text(17, m.frame_rate);
  st->bind_int(18, m.bitrate).bind_text(19, m.description).bind_text(20, m.blurhash).bind_int(21, m.created_at);
  st->bind_text(22, m.remote_url);
  return st->run();
}

Result<std::optional<core::MediaAttachment>> SqliteMediaRepo::find(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_MEDIA_COLUMNS " FROM media_attachments m WHERE m.id = ?");
  st->bind_int(1, id);
  auto row = st->step();
  if (!row) return util::fail(std::move(row.error()));
  if (!*row) return std::optional<core::MediaAttachment>();
  return std::optional<core::MediaAttachment>(read_media(*st));
}

Result<std::vector<core::MediaAttachment>> SqliteMediaRepo::find_many(const std::vector<Id>& ids) {
  std::vector<core::MediaAttachment> out;
  if (ids.empty()) return out;
  std::unordered_map<Id, core::MediaAttachment> by_id;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_MEDIA_COLUMNS
                      " FROM media_attachments m WHERE m.id IN (SELECT value FROM json_each(?))");
  st->bind_text(1, json_id_array(ids));
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    auto m = read_media(*st);
    const Id id = m.id;
    by_id.emplace(id, std::move(m));
  }));
  for (Id id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(it->second);
  }
  return out;
}

Result<std::vector<core::MediaAttachment>> SqliteMediaRepo::list_for_statuses(const std::vector<Id>& status_ids) {
  std::vector<core::MediaAttachment> out;
  if (status_ids.empty()) return out;
  PARLOIR_SQL_TRY(rows_of_ids(conn_, status_ids,
                              "SELECT " PARLOIR_MEDIA_COLUMNS
                              " FROM media_attachments m WHERE m.status_id = ? ORDER BY m.position, m.id",
                              "SELECT " PARLOIR_MEDIA_COLUMNS
                              " FROM media_attachments m WHERE m.status_id IN (SELECT value FROM json_each(?)) "
                              "ORDER BY m.status_id, m.position, m.id",
                              [&](Stmt& st) { out.push_back(read_media(st)); }));
  return out;
}

Status SqliteMediaRepo::update_details(Id id, const std::string& description, double focus_x, double focus_y) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE media_attachments SET description = ?, focus_x = ?, focus_y = ? WHERE id = ?");
  st->bind_text(1, description).bind_double(2, focus_x).bind_double(3, focus_y).bind_int(4, id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Media attachment");
}

Status SqliteMediaRepo::attach(Id status_id, const std::vector<Id>& ids) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    {
      PARLOIR_SQL_PREPARE(st, conn_, "UPDATE media_attachments SET status_id = NULL, position = 0 WHERE status_id = ?");
      st->bind_int(1, status_id);
      PARLOIR_SQL_TRY(st->run());
    }
    int position = 0;
    for (Id id : ids) {
      PARLOIR_SQL_PREPARE(st, conn_, "UPDATE media_attachments SET status_id = ?, position = ? WHERE id = ?");
      st->bind_int(1, status_id).bind_int(2, position++).bind_int(3, id);
      PARLOIR_SQL_TRY(st->run());
      PARLOIR_SQL_TRY(check_changed("Media attachment"));
    }
    PARLOIR_SQL_PREPARE(st, conn_, "UPDATE statuses SET has_media = ? WHERE id = ?");
    st->bind_bool(1, !ids.empty()).bind_int(2, status_id);
    return st->run();
  });
}

Result<bool> SqliteMediaRepo::remove(Id id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM media_attachments WHERE id = ?");
  st->bind_int(1, id);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::vector<core::MediaAttachment>> SqliteMediaRepo::list_unattached_before(std::int64_t before_ms, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_MEDIA_COLUMNS
                      " FROM media_attachments m WHERE m.status_id IS NULL AND m.created_at < ? "
                      "ORDER BY m.created_at LIMIT ?");
  st->bind_int(1, before_ms).bind_int(2, limit);
  std::vector<core::MediaAttachment> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_media(*st)); }));
  return out;
}

Result<std::vector<std::string>> SqliteMediaRepo::all_referenced_keys() {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT file_key FROM media_attachments UNION SELECT preview_key FROM media_attachments "
                      "UNION SELECT avatar_path FROM accounts WHERE avatar_path <> '' "
                      "UNION SELECT header_path FROM accounts WHERE header_path <> ''");
  std::vector<std::string> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(st->col_text(0)); }));
  return out;
}

Status SqliteMediaRepo::set_files(const core::MediaAttachment& m) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE media_attachments SET type = ?, file_key = ?, preview_key = ?, content_type = ?, "
                      "file_size = ?, width = ?, height = ?, small_width = ?, small_height = ?, duration = ?, "
                      "frame_rate = ?, bitrate = ?, blurhash = ? WHERE id = ?");
  st->bind_int(1, static_cast<int>(m.type)).bind_text(2, m.file_key).bind_text(3, m.preview_key);
  st->bind_text(4, m.content_type).bind_int(5, m.file_size).bind_int(6, m.width).bind_int(7, m.height);
  st->bind_int(8, m.small_width).bind_int(9, m.small_height).bind_double(10, m.duration_s);
  st->bind_text(11, m.frame_rate).bind_int(12, m.bitrate).bind_text(13, m.blurhash).bind_int(14, m.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Media attachment");
}

Status SqliteMediaRepo::queue_remote_file(RemoteFileKind kind, Id owner, const std::string& url, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO remote_files (kind, owner_id, remote_url, state, attempts, next_attempt_at) "
                      "VALUES (?, ?, ?, 0, 0, ?) ON CONFLICT (kind, owner_id) DO UPDATE SET "
                      "remote_url = excluded.remote_url, state = 0, attempts = 0, "
                      "next_attempt_at = excluded.next_attempt_at WHERE remote_url <> excluded.remote_url OR state = 3");
  st->bind_int(1, static_cast<int>(kind)).bind_int(2, owner).bind_text(3, url).bind_int(4, now);
  return st->run();
}

Status SqliteMediaRepo::forget_remote_file(RemoteFileKind kind, Id owner) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM remote_files WHERE kind = ? AND owner_id = ?");
  st->bind_int(1, static_cast<int>(kind)).bind_int(2, owner);
  return st->run();
}

Result<std::vector<RemoteFile>> SqliteMediaRepo::claim_remote_files(std::int64_t now, std::int64_t lease_until,
                                                                    int limit) {
  PARLOIR_SQL_TRY(check_writable());
  std::vector<RemoteFile> out;
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT kind, owner_id, remote_url, attempts, fetched_at FROM remote_files "
                        "WHERE state = 0 AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?");
    st->bind_int(1, now).bind_int(2, limit);
    PARLOIR_SQL_TRY(each_row(*st, [&] {
      out.push_back(RemoteFile{static_cast<RemoteFileKind>(st->col_int(0)), st->col_int(1), st->col_text(2),
                               static_cast<int>(st->col_int(3)), st->col_int(4)});
    }));
  }
  for (const auto& f : out) {
    PARLOIR_SQL_PREPARE(up, conn_, "UPDATE remote_files SET next_attempt_at = ? WHERE kind = ? AND owner_id = ?");
    up->bind_int(1, lease_until).bind_int(2, static_cast<int>(f.kind)).bind_int(3, f.owner_id);
    PARLOIR_SQL_TRY(up->run());
  }
  return out;
}

Result<bool> SqliteMediaRepo::settle_remote_file(RemoteFileKind kind, Id owner, const std::string& url,
                                                 RemoteFileState state, int attempts, std::int64_t at) {
  PARLOIR_SQL_TRY(check_writable());
  const bool pending = state == RemoteFileState::pending;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE remote_files SET state = ?, attempts = ?, next_attempt_at = ?, "
                      "fetched_at = CASE WHEN ? THEN fetched_at ELSE ? END "
                      "WHERE kind = ? AND owner_id = ? AND remote_url = ?");
  st->bind_int(1, static_cast<int>(state)).bind_int(2, attempts).bind_int(3, pending ? at : 0);
  st->bind_bool(4, pending).bind_int(5, at);
  st->bind_int(6, static_cast<int>(kind)).bind_int(7, owner).bind_text(8, url);
  PARLOIR_SQL_TRY(st->run());
  return conn_.changes() > 0;
}

Result<std::vector<RemoteFile>> SqliteMediaRepo::cached_remote_files_before(std::int64_t before_ms, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT kind, owner_id, remote_url, attempts, fetched_at FROM remote_files "
                      "WHERE state = 1 AND fetched_at < ? ORDER BY fetched_at LIMIT ?");
  st->bind_int(1, before_ms).bind_int(2, limit);
  std::vector<RemoteFile> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    out.push_back(RemoteFile{static_cast<RemoteFileKind>(st->col_int(0)), st->col_int(1), st->col_text(2),
                             static_cast<int>(st->col_int(3)), st->col_int(4)});
  }));
  return out;
}

}  // namespace parloir::store::sqlite
