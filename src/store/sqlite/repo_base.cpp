// RepoBase and the shared helpers of repo_base.h.
#include "store/sqlite/repo_base.h"

namespace parloir::store::sqlite {

using util::ErrorCode;

Status RepoBase::check_writable() const {
  if (writable_) return {};
  return util::fail(ErrorCode::internal, "Database error", "write attempted inside a read-only transaction");
}

Status RepoBase::check_changed(const char* what) const {
  if (conn_.changes() > 0) return {};
  return util::fail(ErrorCode::not_found, std::string(what) + " not found");
}

core::Visibility visibility_from_int(std::int64_t v) {
  switch (v) {
    case 1: return core::Visibility::unlisted;
    case 2: return core::Visibility::private_;
    case 3: return core::Visibility::direct;
    default: return core::Visibility::public_;
  }
}

PageBounds page_bounds(const PageRequest& page) {
  PageBounds b;
  if (page.max_id) b.upper = *page.max_id;
  if (page.since_id) b.lower = *page.since_id;
  if (page.min_id) {
    b.lower = std::max(b.lower, *page.min_id);
    b.ascending = true;
  }
  b.limit = std::max(page.limit, 0);
  return b;
}

void bind_id(Stmt& st, int index, Id id) {
  if (id != 0) {
    st.bind_int(index, id);
  } else {
    st.bind_null(index);
  }
}

void bind_page(Stmt& st, int index, const PageBounds& b) {
  st.bind_int(index, b.upper).bind_int(index + 1, b.lower).bind_int(index + 2, b.limit);
}

std::string json_id_array(const std::vector<Id>& ids) {
  std::string out;
  out.reserve(ids.size() * 20 + 2);
  out += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

Status rows_of_ids(Connection& conn, const std::vector<Id>& ids, const char* one_sql, const char* many_sql,
                   const std::function<void(Stmt&)>& row) {
  if (ids.empty()) return {};
  if (ids.size() <= kFewIds) {
    PARLOIR_SQL_PREPARE(st, conn, one_sql);
    for (Id id : ids) {
      st->bind_int(1, id);
      PARLOIR_SQL_TRY(each_row(*st, [&] { row(*st); }));
      st->reset();
    }
    return {};
  }
  PARLOIR_SQL_PREPARE(st, conn, many_sql);
  st->bind_text(1, json_id_array(ids));
  return each_row(*st, [&] { row(*st); });
}

Result<std::vector<Id>> id_column(Stmt& st) {
  std::vector<Id> out;
  PARLOIR_SQL_TRY(each_row(st, [&] { out.push_back(st.col_int(0)); }));
  return out;
}

Result<std::int64_t> single_int(Stmt& st) {
  auto row = st.step();
  if (!row) return util::fail(std::move(row.error()));
  return *row ? st.col_int(0) : 0;
}

Result<std::vector<Cursored<Id>>> cursored_ids(Stmt& st, const PageBounds& b) {
  std::vector<Cursored<Id>> out;
  PARLOIR_SQL_TRY(each_row(st, [&] { out.push_back({st.col_int(0), st.col_int(1)}); }));
  newest_first(out, b);
  return out;
}

}  // namespace parloir::store::sqlite
