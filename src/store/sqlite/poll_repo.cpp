#include "store/sqlite/poll_repo.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace parloir::store::sqlite {

using util::ErrorCode;

namespace {

#define PARLOIR_POLL_COLUMNS                                                                               \
  "id, status_id, account_id, options_json, tallies_json, multiple, hide_totals, expires_at, votes_count, " \
  "voters_count, created_at"

std::string tallies_to_json(const std::vector<std::int64_t>& tallies) {
  std::string out = "[";
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(tallies[i]);
  }
  out += ']';
  return out;
}

std::vector<std::int64_t> tallies_from_json(const std::string& json, std::size_t n) {
  std::vector<std::int64_t> out(n, 0);
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) return out;
  for (rapidjson::SizeType i = 0; i < doc.Size() && i < n; ++i)
    if (doc[i].IsInt64()) out[i] = doc[i].GetInt64();
  return out;
}

core::Poll read_poll(const Stmt& st) {
  core::Poll p;
  p.id = st.col_int(0);
  p.status_id = st.col_int(1);
  p.account_id = st.col_int(2);
  p.options = options_from_json(st.col_text(3)).value_or(std::vector<std::string>{});
  p.tallies = tallies_from_json(st.col_text(4), p.options.size());
  p.multiple = st.col_bool(5);
  p.hide_totals = st.col_bool(6);
  p.expires_at = st.col_opt_int(7);
  p.votes_count = st.col_int(8);
  p.voters_count = st.col_int(9);
  p.created_at = st.col_int(10);
  return p;
}

}  // namespace

std::string options_to_json(const std::vector<std::string>& options) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& o : options) w.String(o.data(), static_cast<rapidjson::SizeType>(o.size()));
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

std::optional<std::vector<std::string>> options_from_json(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsArray()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : doc.GetArray()) {
    if (!v.IsString()) return std::nullopt;
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

Result<std::unordered_map<Id, core::Poll>> load_polls(Connection& conn, const std::vector<Id>& poll_ids) {
  std::unordered_map<Id, core::Poll> out;
  if (poll_ids.empty()) return out;
  PARLOIR_SQL_PREPARE(st, conn,
                      "SELECT " PARLOIR_POLL_COLUMNS " FROM polls WHERE id IN (SELECT value FROM json_each(?))");
  st->bind_text(1, json_id_array(poll_ids));
  PARLOIR_SQL_TRY(each_row(*st, [&] {
    core::Poll p = read_poll(*st);
    const Id id = p.id;
    out.emplace(id, std::move(p));
  }));
  return out;
}

Status SqlitePollRepo::insert(const core::Poll& p) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    {
      PARLOIR_SQL_PREPARE(st, conn_,
                          "INSERT INTO polls (id, status_id, account_id, options_json, tallies_json, multiple, "
                          "hide_totals, expires_at, votes_count, voters_count, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      std::vector<std::int64_t> tallies = p.tallies;
      tallies.resize(p.options.size(), 0);
      st->bind_int(1, p.id).bind_int(2, p.status_id).bind_int(3, p.account_id);
      st->bind_text(4, options_to_json(p.options)).bind_text(5, tallies_to_json(tallies));
      st->bind_bool(6, p.multiple).bind_bool(7, p.hide_totals).bind_opt_int(8, p.expires_at);
      st->bind_int(9, p.votes_count).bind_int(10, p.voters_count).bind_int(11, p.created_at).bind_int(12, p.created_at);
      PARLOIR_SQL_TRY(st->run());
    }
    PARLOIR_SQL_PREPARE(link, conn_, "UPDATE statuses SET poll_id = ? WHERE id = ?");
    link->bind_int(1, p.id).bind_int(2, p.status_id);
    PARLOIR_SQL_TRY(link->run());
    return check_changed("Status");
  });
}

Status SqlitePollRepo::update(const core::Poll& p, bool reset_votes) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    if (reset_votes) {
      PARLOIR_SQL_PREPARE(del, conn_, "DELETE FROM poll_votes WHERE poll_id = ?");
      del->bind_int(1, p.id);
      PARLOIR_SQL_TRY(del->run());
      PARLOIR_SQL_PREPARE(st, conn_,
                          "UPDATE polls SET options_json = ?, tallies_json = ?, multiple = ?, hide_totals = ?, "
                          "expires_at = ?, votes_count = 0, voters_count = 0, ended_handled = 0, updated_at = ? "
                          "WHERE id = ?");
      st->bind_text(1, options_to_json(p.options))
          .bind_text(2, tallies_to_json(std::vector<std::int64_t>(p.options.size(), 0)));
      st->bind_bool(3, p.multiple).bind_bool(4, p.hide_totals).bind_opt_int(5, p.expires_at);
      st->bind_int(6, p.created_at).bind_int(7, p.id);
      PARLOIR_SQL_TRY(st->run());
      return check_changed("Poll");
    }
    PARLOIR_SQL_PREPARE(st, conn_,
                        "UPDATE polls SET options_json = ?, multiple = ?, hide_totals = ?, expires_at = ?, "
                        "ended_handled = 0, updated_at = ? WHERE id = ?");
    st->bind_text(1, options_to_json(p.options)).bind_bool(2, p.multiple).bind_bool(3, p.hide_totals);
    st->bind_opt_int(4, p.expires_at).bind_int(5, p.created_at).bind_int(6, p.id);
    PARLOIR_SQL_TRY(st->run());
    return check_changed("Poll");
  });
}

Status SqlitePollRepo::remove_for_status(Id status_id) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    {
      PARLOIR_SQL_PREPARE(st, conn_, "DELETE FROM polls WHERE status_id = ?");
      st->bind_int(1, status_id);
      PARLOIR_SQL_TRY(st->run());
    }
    PARLOIR_SQL_PREPARE(st, conn_, "UPDATE statuses SET poll_id = NULL WHERE id = ?");
    st->bind_int(1, status_id);
    return st->run();
  });
}

Result<std::optional<core::Poll>> SqlitePollRepo::find(Id poll_id) {
  auto found = load_polls(conn_, {poll_id});
  if (!found) return util::fail(std::move(found.error()));
  auto it = found->find(poll_id);
  if (it == found->end()) return std::optional<core::Poll>();
  return std::optional<core::Poll>(std::move(it->second));
}

Status SqlitePollRepo::add_votes(Id poll_id, Id account_id, const std::vector<int>& choices, std::int64_t now) {
  PARLOIR_SQL_TRY(check_writable());
  return atomically(conn_, [&]() -> Status {
    auto found = find(poll_id);
    if (!found) return util::fail(std::move(found.error()));
    if (!*found) return util::fail(ErrorCode::not_found, "Poll not found");
    core::Poll p = std::move(**found);
    bool first_time = false;
    {
      PARLOIR_SQL_PREPARE(st, conn_, "SELECT NOT EXISTS (SELECT 1 FROM poll_votes WHERE poll_id = ? AND account_id = ?)");
      st->bind_int(1, poll_id).bind_int(2, account_id);
      auto v = single_int(*st);
      if (!v) return util::fail(std::move(v.error()));
      first_time = *v != 0;
    }
    for (int c : choices) {
      if (c < 0 || static_cast<std::size_t>(c) >= p.options.size())
        return util::fail(ErrorCode::unprocessable, "Validation failed: The chosen vote option does not exist");
      PARLOIR_SQL_PREPARE(st, conn_,
                          "INSERT INTO poll_votes (poll_id, account_id, choice, created_at) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT DO NOTHING");
      st->bind_int(1, poll_id).bind_int(2, account_id).bind_int(3, c).bind_int(4, now);
      PARLOIR_SQL_TRY(st->run());
      if (conn_.changes() == 0)
        return util::fail(ErrorCode::unprocessable, "Validation failed: You have already voted on this poll");
      ++p.tallies[static_cast<std::size_t>(c)];
    }
    PARLOIR_SQL_PREPARE(st, conn_,
                        "UPDATE polls SET tallies_json = ?, votes_count = votes_count + ?, "
                        "voters_count = voters_count + ?, updated_at = ? WHERE id = ?");
    st->bind_text(1, tallies_to_json(p.tallies)).bind_int(2, static_cast<std::int64_t>(choices.size()));
    st->bind_int(3, first_time ? 1 : 0).bind_int(4, now).bind_int(5, poll_id);
    return st->run();
  });
}

Result<std::unordered_map<Id, std::vector<int>>> SqlitePollRepo::own_votes(Id account_id,
                                                                          const std::vector<Id>& poll_ids) {
  std::unordered_map<Id, std::vector<int>> out;
  if (poll_ids.empty()) return out;
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT poll_id, choice FROM poll_votes INDEXED BY poll_votes_voter "
                      "WHERE account_id = ?1 AND poll_id IN (SELECT value FROM json_each(?2)) "
                      "ORDER BY poll_id, choice");
  st->bind_int(1, account_id).bind_text(2, json_id_array(poll_ids));
  PARLOIR_SQL_TRY(each_row(*st, [&] { out[st->col_int(0)].push_back(static_cast<int>(st->col_int(1))); }));
  return out;
}

Result<std::vector<Id>> SqlitePollRepo::voters(Id poll_id) {
  PARLOIR_SQL_PREPARE(st, conn_, "SELECT DISTINCT account_id FROM poll_votes WHERE poll_id = ? ORDER BY account_id");
  st->bind_int(1, poll_id);
  return id_column(*st);
}

Result<std::vector<core::Poll>> SqlitePollRepo::list_ended_unhandled(std::int64_t now_ms, int limit) {
  PARLOIR_SQL_PREPARE(st, conn_,
                      "SELECT " PARLOIR_POLL_COLUMNS " FROM polls INDEXED BY polls_pending_end "
                      "WHERE ended_handled = 0 AND expires_at IS NOT NULL AND expires_at <= ? "
                      "ORDER BY expires_at LIMIT ?");
  st->bind_int(1, now_ms).bind_int(2, limit);
  std::vector<core::Poll> out;
  PARLOIR_SQL_TRY(each_row(*st, [&] { out.push_back(read_poll(*st)); }));
  return out;
}

Status SqlitePollRepo::mark_end_handled(Id poll_id) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "UPDATE polls SET ended_handled = 1 WHERE id = ?");
  st->bind_int(1, poll_id);
  return st->run();
}

Status SqlitePollRepo::set_remote_state(const core::Poll& p) {
  PARLOIR_SQL_TRY(check_writable());
  std::vector<std::int64_t> tallies = p.tallies;
  tallies.resize(p.options.size(), 0);
  PARLOIR_SQL_PREPARE(st, conn_,
                      "UPDATE polls SET tallies_json = ?, votes_count = ?, voters_count = ?, expires_at = ?, "
                      "updated_at = ? WHERE id = ?");
  st->bind_text(1, tallies_to_json(tallies)).bind_int(2, p.votes_count).bind_int(3, p.voters_count);
  st->bind_opt_int(4, p.expires_at).bind_int(5, p.created_at).bind_int(6, p.id);
  PARLOIR_SQL_TRY(st->run());
  return check_changed("Poll");
}

Status SqlitePollRepo::mark_update_due(Id poll_id, std::int64_t due_at) {
  PARLOIR_SQL_TRY(check_writable());
  PARLOIR_SQL_PREPARE(st, conn_, "INSERT INTO poll_updates_due (poll_id, due_at) VALUES (?, ?) ON CONFLICT DO NOTHING");
  st->bind_int(1, poll_id).bind_int(2, due_at);
  return st->run();
}

Result<std::vector<Id>> SqlitePollRepo::take_due_updates(std::int64_t now_ms, int limit) {
  PARLOIR_SQL_TRY(check_writable());
  std::vector<Id> out;
  {
    PARLOIR_SQL_PREPARE(st, conn_,
                        "SELECT poll_id FROM poll_updates_due INDEXED BY poll_updates_due_at WHERE due_at <= ? "
                        "ORDER BY due_at LIMIT ?");
    st->bind_int(1, now_ms).bind_int(2, limit);
    auto ids = id_column(*st);
    if (!ids) return util::fail(std::move(ids.error()));
    out = std::move(*ids);
  }
  if (out.empty()) return out;
  PARLOIR_SQL_PREPARE(del, conn_, "DELETE FROM poll_updates_due WHERE poll_id IN (SELECT value FROM json_each(?))");
  del->bind_text(1, json_id_array(out));
  PARLOIR_SQL_TRY(del->run());
  return out;
}

}  // namespace parloir::store::sqlite
