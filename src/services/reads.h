// Reading through one read transaction: the list / get shapes the use cases share (rows and their
// views; one row by id, not_found when absent). Blocking; call on the pool.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "services/deps.h"
#include "store/store.h"
#include "util/result.h"

namespace parloir::services {

// Runs `query(tx)` (returning util::Result<T>) in one read transaction; its value or its error.
template <class Query>
auto read_value(const Deps& deps, Query&& query) {
  using R = std::invoke_result_t<Query&, store::Tx&>;
  std::optional<typename R::value_type> out;
  auto st = deps.store.read([&](store::Tx& tx) -> util::Status {
    auto v = query(tx);
    if (!v) return util::fail(std::move(v.error()));
    out = std::move(*v);
    return {};
  });
  if (!st) return R(util::fail(std::move(st.error())));
  return R(std::move(*out));
}

// Runs `find(tx)` (returning util::Result<std::optional<T>>) in one read transaction: the row,
// `missing` when there is none, or the read's error.
template <class Find>
auto read_found(const Deps& deps, Find&& find, util::Error missing) {
  auto found = read_value(deps, find);
  using R = util::Result<typename decltype(found)::value_type::value_type>;
  if (!found) return R(util::fail(std::move(found.error())));
  if (!*found) return R(util::fail(std::move(missing)));
  return R(std::move(**found));
}

// Rows and their views in one read transaction: `list(tx)` returns util::Result<std::vector<Row>>,
// `to_views(tx, rows)` util::Result<std::vector<View>> (without the rows the viewer may not see).
template <class List, class ToViews>
auto read_page_views(const Deps& deps, List&& list, ToViews&& to_views) {
  return read_value(deps, [&](store::Tx& tx) {
    auto rows = list(tx);
    using Views = decltype(to_views(tx, std::move(*rows)));
    if (!rows) return Views(util::fail(std::move(rows.error())));
    return to_views(tx, std::move(*rows));
  });
}

// One row and its view in one read transaction: `find(tx)` returns
// util::Result<std::optional<Row>>, `to_views(tx, {row})` as for read_page_views. not_found
// ("Record not found") when there is no row or the viewer may not see it.
template <class Find, class ToViews>
auto read_found_view(const Deps& deps, Find&& find, ToViews&& to_views) {
  auto view = read_value(deps, [&](store::Tx& tx) {
    auto row = find(tx);
    using Row = typename decltype(row)::value_type::value_type;
    using View = typename decltype(to_views(tx, std::vector<Row>{}))::value_type::value_type;
    using Out = util::Result<std::optional<View>>;
    if (!row) return Out(util::fail(std::move(row.error())));
    if (!*row) return Out(std::optional<View>());
    auto views = to_views(tx, std::vector<Row>{std::move(**row)});
    if (!views) return Out(util::fail(std::move(views.error())));
    if (views->empty()) return Out(std::optional<View>());
    return Out(std::optional<View>(std::move(views->front())));
  });
  using R = util::Result<typename decltype(view)::value_type::value_type>;
  if (!view) return R(util::fail(std::move(view.error())));
  if (!*view) return R(util::fail(util::ErrorCode::not_found, "Record not found"));
  return R(std::move(**view));
}

}  // namespace parloir::services
