// SqliteStatusRepo, writes and lookups by id: statuses with their mentions, tags and edits, and
// the counters a status touches. The list queries are in status_lists.cpp.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "core/visibility.h"
#include "store/sqlite/poll_repo.h"
#include "store/sqlite/media_repo.h"
#include "store/sqlite/social_repos.h"

namespace parloir::store::sqlite {

using util::ErrorCode;

namespace {

// Reads a row selected with PARLOIR_STATUS_COLUMNS.
core::Status read_status(const Stmt& st) {
  core::Status s;
  s.id = st.col_int(0);
  s.account_id = st.col_int(1);
  s.uri = st.col_text(2);
  s.text = st.col_text(3);
  s.content = st.col_text(4);
  s.spoiler_text = st.col_text(5);
  s.visibility = visibility_from_int(st.col_int(6));
  s.sensitive = st.col_bool(7);
  s.local_only = st.col_bool(8);
  s.language = st.col_text(9);
  s.in_reply_to_id = st.col_opt_int(10);
  s.in_reply_to_account_id = st.col_opt_int(11);
  s.reblog_of_id = st.col_opt_int(12);
  s.conversation_id = st.col_int(13);
  s.application_id = st.col_opt_int(14);
  s.created_at = st.col_int(15);
  s.edited_at = st.col_opt_int(16);
  s.replies_count = st.col_int(17);
  s.reblogs_count = st.col_int(18);
  s.favourites_count = st.col_int(19);
  if (auto poll_id = st.col_opt_int(20)) {
    s.poll.emplace();
    s.poll->id = *poll_id;  // the rest is filled by fill_mentions_and_tags
  }
  return s;
}

// The has_* flags of a row selected with PARLOIR_STATUS_COLUMNS, for fill_mentions_and_tags.
constexpr std::uint8_t kHasMentions = 1, kHasTags = 2, kHasMedia = 4;
std::uint8_t read_extras(const Stmt& st) {
  return static_cast<std::uint8_t>((st.col_bool(21) ? kHasMentions : 0) | (st.col_bool(22) ? kHasTags : 0) |
                                   (st.col_bool(23) ? kHasMedia : 0));
}

// [{"id":"<id>","description":"..."}, ...] (ids as strings: JSON numbers lose 64-bit precision)
std::string edit_media_to_json(const std::vector<core::EditMedia>& media) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& m : media) {
    w.StartObject();
    w.Key("id");
    const std::string id = std::to_string(m.id);
    w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
    w.Key("description");
    w.String(m.description.data(), static_cast<rapidjson::SizeType>(m.description.size()));
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

std::optional<std::vector<core::EditMedia>> edit_media_from_json(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) return std::nullopt;
  std::vector<core::EditMedia> out;
  for (const auto& v : doc.GetArray()) {
    if (!v.IsObject()) continue;
    auto id = v.FindMember("id");
    auto d = v.FindMember("description");
    if (id == v.MemberEnd() || !id->value.IsString()) continue;
    core::EditMedia m;
    m.id = std::strtoll(id->value.GetString(), nullptr, 10);
    if (d != v.MemberEnd() && d->value.IsString()) m.description.assign(d->value.GetString(), d->value.GetStringLength());
    out.push_back(std::move(m));
  }
  return out;
}

core::StatusEdit read_edit(const Stmt& st) {
  core::StatusEdit e;
  e.id = st.col_int(0);
  e.status_id = st.col_int(1);
  e.text = st.col_text(2);
  e.content = st.col_text(3);
  e.spoiler_text = st.col_text(4);
  e.sensitive = st.col_bool(5);
  e.created_at = st.col_int(6);
  if (auto options = st.col_opt_text(7)) e.poll_options = options_from_json(*options);
  if (auto media = st.col_opt_text(8)) e.media = edit_media_from_json(*media);
  return e;
}

// Runs a single-id UPDATE (counter changes) on `id`.
Status update_one(Connection& conn, const char* sql, Id id) {
  PARLOIR_SQL_PREPARE(st, conn, sql);
  st->bind_int(1, id);
  return st->run();
}

constexpr const char* kDecrementStatusesCount =
    "UPDATE accounts SET statuses_count = max(statuses_count - 1, 0) WHERE id = ?";

}  // namespace

// ---- writes -----------------------------------------------------------------------------------

Status SqliteStatusRepo::insert(const core::Status& s) {
  PARLOIR_SQL_TRY(check_writable());
  if (s.id == 0) return util::fail(ErrorCode::internal, "Database error", "status inserted without an id");
  return atomically(conn_, [&] { return insert_rows(s); });
}

Status SqliteStatusRepo::insert_rows(const core::Status& s) {
  bool author_is_local = true;
  {
    // why: one statement bumps the author's counters and tells whether the author is local (for
    // the denormalised statuses.local), instead of a separate lookup.
    PARLOIR_SQL_PREPARE(author, conn_,
                        "UPDATE accounts SET statuses_count = statuses_count + 1, last_status_at = "
                        "CASE WHEN last_status_at IS NULL OR last_status_at < ?1 THEN ?1 ELSE last_status_at END "
                        "WHERE id = ?2 RETURNING domain = ''");
    author->bind_int(1, s.created_at).bind_int(2, s.account_id);
    auto row = author->step();
    if (!row) return util::fail(std::move(row.error()));
    if (!*row) return util::fail(ErrorCode::not_found, "Account not found");
    author_is_local = author->col_bool(0);
  }

  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO statuses (id, account_id, uri, text, content, spoiler_text, visibility, "
                      "sensitive, local_only, language, in_reply_to_id, in_reply_to_account_id, reblog_of_id, "
                      "conversation_id, application_id, created_at, edited_at, replies_count, reblogs_count, "
                      "favourites_count, public_timeline, local, has_mentions, has_tags) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  const bool public_timeline = !s.is_reblog() && core::is_public_timeline_candidate(s);
  st->bind_int(1, s.id).bind_int(2, s.account_id).bind_text(3, s.uri).bind_text(4, s.text);
  st->bind_text(5, s.content).bind_text(6, s.spoiler_text).bind_int(7, static_cast<int>(s.visibility));
  st->bind_bool(8, s.sensitive).bind_bool(9, s.local_only).bind_text(10, s.language);
  st->bind_opt_int(11, s.in_reply_to_id).bind_opt_int(12, s.in_reply_to_account_id);
  st->bind_opt_int(13, s.reblog_of_id).bind_int(14, s.conversation_id != 0 ? s.conversation_id : s.id);
  st->bind_opt_int(15, s.application_id).bind_int(16, s.created_at).bind_opt_int(17, s.edited_at);
  st->bind_int(18, s.replies_count).bind_int(19, s.reblogs_count).bind_int(20, s.favourites_count);
  st->bind_bool(21, public_timeline).bind_bool(22, author_is_local);
  // why: set here, the flags make migration 20's triggers no-ops when the mentions and tags follow
  // (an UPDATE of the new row would also rewrite its statuses_account_rows entry).
  st->bind_bool(23, !s.mentioned_account_ids.empty()).bind_bool(24, !s.tags.empty());
  PARLOIR_SQL_TRY(st->run());

  if (s.in_reply_to_id) {
    PARLOIR_SQL_TRY(
        update_one(conn_, "UPDATE statuses SET replies_count = replies_count + 1 WHERE id = ?", *s.in_reply_to_id));
  }
  if (s.reblog_of_id) {
    PARLOIR_SQL_TRY(
        update_one(conn_, "UPDATE statuses SET reblogs_count = reblogs_count + 1 WHERE id = ?", *s.reblog_of_id));
  }
  return insert_mentions_and_tags(s);
}

Status SqliteStatusRepo::insert_mentions_and_tags(const core::Status& s) {
  for (Id account_id : s.mentioned_account_ids) {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "INSERT INTO status_mentions (status_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
    st->bind_int(1, s.id).bind_int(2, account_id);
    PARLOIR_SQL_TRY(st->run());
  }
  for (const std::string& name : s.tags) {
    if (name.empty()) continue;
    auto tag = tag_id(name);
    if (!tag) return util::fail(std::move(tag.error()));
    PARLOIR_SQL_PREPARE(st, conn_,
                        "INSERT INTO status_tags (tag_id, status_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
    st->bind_int(1, *tag).bind_int(2, s.id);
    PARLOIR_SQL_TRY(st->run());
  }
  return {};
}

Result<Id> SqliteStatusRepo::tag_id(const std::string& name) {
  {
    // tags.name is COLLATE NOCASE: `=` is case-insensitive and uses the unique index.
    PARLOIR_SQL_PREPARE(find, conn_, "SELECT id FROM tags WHERE name = ?");
    find->bind_text(1, name);
    auto row = find->step();
    if (!row) return util::fail(std::move(row.error()));
    if (*row) return find->col_int(0);
  }
  PARLOIR_SQL_PREPARE(ins, conn_, "INSERT INTO tags (name) VALUES (?)");
  ins->bind_text(1, name);
  PARLOIR_SQL_TRY(ins->run());
  return conn_.last_insert_rowid();
}

Status SqliteStatusRepo::update_content(const core::Status& s) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    {
      PARLOIR_SQL_PREPARE(st, conn_,
                          "UPDATE statuses SET text = ?, content = ?, spoiler_text = ?, sensitive = ?, "
                          "language = ?, edited_at = ? WHERE id = ?");
      st->bind_text(1, s.text).bind_text(2, s.content).bind_text(3, s.spoiler_text).bind_bool(4, s.sensitive);
      st->bind_text(5, s.language).bind_opt_int(6, s.edited_at).bind_int(7, s.id);
      PARLOIR_SQL_TRY(st->run());
      PARLOIR_SQL_TRY(check_changed("Status"));
    }
    PARLOIR_SQL_TRY(update_one(conn_, "DELETE FROM status_mentions WHERE status_id = ?", s.id));
    PARLOIR_SQL_TRY(update_one(conn_, "DELETE FROM status_tags WHERE status_id = ?", s.id));
    return insert_mentions_and_tags(s);
  });
}

Status SqliteStatusRepo::insert_edit(const core::StatusEdit& e) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_,
                      "INSERT INTO status_edits (id, status_id, text, content, spoiler_text, sensitive, created_at, "
                      "poll_options_json, media_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_id(*st, 1, e.id);
  st->bind_int(2, e.status_id).bind_text(3, e.text).bind_text(4, e.content).bind_text(5, e.spoiler_text);
  st->bind_bool(6, e.sensitive).bind_int(7, e.created_at);
  if (e.poll_options)
    st->bind_text(8, options_to_json(*e.poll_options));
  else
    st->bind_null(8);
  if (e.media)
    st->bind_text(9, edit_media_to_json(*e.media));
  else
    st->bind_null(9);
  return st->run();
}

Result<std::vector<core::StatusEdit>> SqliteStatusRepo::list_edits(Id status_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT id, status_id, text, content, spoiler_text, sensitive, created_at, poll_options_json, "
                      "media_json FROM status_edits WHERE status_id = ? ORDER BY id");
  st->bind_int(1, status_id);
  std::vector<core::StatusEdit> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_edit(*st)); }));
  return out;
}

Result<std::vector<Id>> SqliteStatusRepo::remove(Id status_id) {
  PARLOIR_SQL_TRY(check_writable());
  std::vector<Id> wrapper_ids;
  auto removed = atomically(conn_, [&]() -> Status {
    Id author = 0;
    std::optional<Id> parent;
    std::optional<Id> original;
    {
      PARLOIR_SQL_PREPARE(st, conn_, "SELECT account_id, in_reply_to_id, reblog_of_id FROM statuses WHERE id = ?");
      st->bind_int(1, status_id);
      auto row = st->step();
      if (!row) return util::fail(std::move(row.error()));
      if (!*row) return util::fail(ErrorCode::not_found, "Status not found");
      author = st->col_int(0);
      parent = st->col_opt_int(1);
      original = st->col_opt_int(2);
    }
    std::vector<Id> wrapper_authors;
    {
      PARLOIR_SQL_PREPARE(st, conn_, "SELECT id, account_id FROM statuses WHERE reblog_of_id = ?");
      st->bind_int(1, status_id);
      PARLOIR_SQL_TRY(each_row(*st, [&] {
        wrapper_ids.push_back(st->col_int(0));
        wrapper_authors.push_back(st->col_int(1));
      }));
    }
    PARLOIR_SQL_TRY(update_one(conn_, kDecrementStatusesCount, author));
    for (Id a : wrapper_authors) PARLOIR_SQL_TRY(update_one(conn_, kDecrementStatusesCount, a));
    if (parent) {
      PARLOIR_SQL_TRY(
          update_one(conn_, "UPDATE statuses SET replies_count = max(replies_count - 1, 0) WHERE id = ?", *parent));
    }
    if (original) {
      PARLOIR_SQL_TRY(
          update_one(conn_, "UPDATE statuses SET reblogs_count = max(reblogs_count - 1, 0) WHERE id = ?", *original));
    }
    // why: the foreign keys cascade from here to the reblog wrappers and to every row about the
    // status or its wrappers (mentions, tags, favourites, bookmarks, pins, edits, notifications),
    // and clear in_reply_to_id on its replies (migration 2).
    return update_one(conn_, "DELETE FROM statuses WHERE id = ?", status_id);
  });
  if (!removed) return util::fail(std::move(removed.error()));
  return wrapper_ids;
}

// ---- lookups ----------------------------------------------------------------------------------

Result<std::vector<core::Status>> SqliteStatusRepo::collect(Stmt& st) {
  std::vector<core::Status> out;
  std::vector<std::uint8_t> extras;
  PARLOIR_SQL_TRY(each_row(st, [&] {
    out.push_back(read_status(st));
    extras.push_back(read_extras(st));
  }));
  PARLOIR_SQL_TRY(fill_mentions_and_tags(out, extras));
  return out;
}

Status SqliteStatusRepo::fill_mentions_and_tags(std::vector<core::Status>& statuses,
                                                const std::vector<std::uint8_t>& extras) {
  if (statuses.empty()) return {};
  std::unordered_map<Id, std::size_t> index;
  std::vector<Id> with_mentions, with_tags, with_media;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    statuses[i].mentioned_account_ids.clear();
    statuses[i].tags.clear();
    statuses[i].media.clear();
    if (!index.emplace(statuses[i].id, i).second) continue;
    if (extras[i] & kHasMentions) with_mentions.push_back(statuses[i].id);
    if (extras[i] & kHasTags) with_tags.push_back(statuses[i].id);
    if (extras[i] & kHasMedia) with_media.push_back(statuses[i].id);
  }
  PARLOIR_SQL_TRY(rows_of_ids(
      conn_, with_mentions, "SELECT status_id, account_id FROM status_mentions WHERE status_id = ? ORDER BY account_id",
      "SELECT status_id, account_id FROM status_mentions "
      "WHERE status_id IN (SELECT value FROM json_each(?)) ORDER BY status_id, account_id",
      [&](Stmt& st) { statuses[index.at(st.col_int(0))].mentioned_account_ids.push_back(st.col_int(1)); }));
  PARLOIR_SQL_TRY(rows_of_ids(
      conn_, with_tags,
      "SELECT st.status_id, t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id "
      "WHERE st.status_id = ? ORDER BY st.tag_id",
      "SELECT st.status_id, t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id "
      "WHERE st.status_id IN (SELECT value FROM json_each(?)) ORDER BY st.status_id, st.tag_id",
      [&](Stmt& st) { statuses[index.at(st.col_int(0))].tags.push_back(st.col_text(1)); }));
  if (!with_media.empty()) {
    SqliteMediaRepo media(conn_, false);
    auto attachments = media.list_for_statuses(with_media);
    if (!attachments) return util::fail(std::move(attachments.error()));
    for (auto& m : *attachments) statuses[index.at(*m.status_id)].media.push_back(std::move(m));
  }
  // A status listed twice (list_recent_by_accounts never does; be safe) gets the first copy's.
  for (auto& s : statuses) {
    const auto& first = statuses[index[s.id]];
    if (&first != &s) {
      s.mentioned_account_ids = first.mentioned_account_ids;
      s.tags = first.tags;
      s.media = first.media;
    }
  }
  return fill_polls(statuses);
}

Status SqliteStatusRepo::fill_polls(std::vector<core::Status>& statuses) {
  std::vector<Id> poll_ids;
  for (const auto& s : statuses)
    if (s.poll) poll_ids.push_back(s.poll->id);
  if (poll_ids.empty()) return {};
  auto polls = load_polls(conn_, poll_ids);
  if (!polls) return util::fail(std::move(polls.error()));
  for (auto& s : statuses) {
    if (!s.poll) continue;
    auto it = polls->find(s.poll->id);
    if (it == polls->end())
      s.poll.reset();
    else
      s.poll = it->second;
  }
  return {};
}

Result<std::optional<core::Status>> SqliteStatusRepo::find(Id id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT " PARLOIR_STATUS_COLUMNS " FROM statuses s WHERE s.id = ?");
  st->bind_int(1, id);
  auto found = collect(*st);
  if (!found) return util::fail(std::move(found.error()));
  if (found->empty()) return std::optional<core::Status>();
  return std::optional<core::Status>(std::move(found->front()));
}

Result<std::vector<core::Status>> SqliteStatusRepo::find_many(const std::vector<Id>& ids) {
  std::vector<core::Status> out;
  if (ids.empty()) return out;
  std::unordered_map<Id, std::pair<core::Status, std::uint8_t>> by_id;
  PARLOIR_SQL_TRY(rows_of_ids(conn_, ids, "SELECT " PARLOIR_STATUS_COLUMNS " FROM statuses s WHERE s.id = ?",
                              "SELECT " PARLOIR_STATUS_COLUMNS
                              " FROM statuses s WHERE s.id IN (SELECT value FROM json_each(?))",
                              [&](Stmt& st) {
                                core::Status s = read_status(st);
                                const Id id = s.id;
                                by_id.emplace(id, std::make_pair(std::move(s), read_extras(st)));
                              }));
  out.reserve(by_id.size());
  std::vector<std::uint8_t> extras;
  extras.reserve(by_id.size());
  for (Id id : ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;  // unknown, or repeated (moved out already)
    out.push_back(std::move(it->second.first));
    extras.push_back(it->second.second);
    by_id.erase(it);
  }
  PARLOIR_SQL_TRY(fill_mentions_and_tags(out, extras));
  return out;
}

Result<std::optional<core::Status>> SqliteStatusRepo::find_reblog(Id account_id, Id status_id) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_STATUS_COLUMNS
                      " FROM statuses s WHERE s.reblog_of_id = ? AND s.account_id = ? ORDER BY s.id LIMIT 1");
  st->bind_int(1, status_id).bind_int(2, account_id);
  auto found = collect(*st);
  if (!found) return util::fail(std::move(found.error()));
  if (found->empty()) return std::optional<core::Status>();
  return std::optional<core::Status>(std::move(found->front()));
}

}  // namespace parloir::store::sqlite
