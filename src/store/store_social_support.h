// Test support for the social-layer store suites (statuses, graph, interactions,
// notifications): a fixture with a few accounts and helpers that run one repository call in its
// own transaction. Backend-neutral: everything goes through store::Store. Test-only.
#pragma once

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/store_test_support.h"

// Returns the error of a Result/Status expression from a function returning Status.
#define PARLOIR_TEST_TRY(expr)                                 \
  do {                                                         \
    auto parloir_test_r_ = (expr);                             \
    if (!parloir_test_r_) return util::fail(parloir_test_r_.error()); \
  } while (0)

namespace parloir::store::testing {

// Accounts every social test starts with.
inline constexpr Id kAlice = 1;  // local
inline constexpr Id kBob = 2;    // local
inline constexpr Id kCarol = 3;  // remote (remote.example)
inline constexpr Id kDave = 4;   // local

inline core::Status make_status(Id id, Id account_id, const std::string& text = "hello") {
  core::Status s;
  s.id = id;
  s.account_id = account_id;
  s.text = text;
  s.content = "<p>" + text + "</p>";
  s.conversation_id = id;
  s.created_at = 1700000000000 + id;
  return s;
}

inline core::Status make_reply(Id id, Id account_id, const core::Status& parent) {
  core::Status s = make_status(id, account_id, "reply");
  s.in_reply_to_id = parent.id;
  s.in_reply_to_account_id = parent.account_id;
  s.conversation_id = parent.conversation_id;
  return s;
}

inline core::Status make_reblog(Id id, Id account_id, const core::Status& original) {
  core::Status s = make_status(id, account_id, "");
  s.content.clear();
  s.reblog_of_id = original.id;
  s.conversation_id = id;
  return s;
}

inline PageRequest page(int limit, std::optional<Id> max_id = {}, std::optional<Id> since_id = {},
                        std::optional<Id> min_id = {}) {
  PageRequest p;
  p.limit = limit;
  p.max_id = max_id;
  p.since_id = since_id;
  p.min_id = min_id;
  return p;
}

template <class T>
std::vector<Id> ids_of(const std::vector<T>& items) {
  std::vector<Id> out;
  for (const auto& item : items) {
    if constexpr (std::is_same_v<T, core::Status> || std::is_same_v<T, core::Notification>) {
      out.push_back(item.id);
    } else {
      out.push_back(item.item);
    }
  }
  return out;
}

template <class T>
std::vector<Id> cursors_of(const std::vector<Cursored<T>>& items) {
  std::vector<Id> out;
  for (const auto& item : items) out.push_back(item.cursor);
  return out;
}

inline std::vector<Id> sorted(std::vector<Id> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class SocialStoreTest : public StoreTestBase {
 protected:
  void SetUp() override {
    StoreTestBase::SetUp();
    if (!store_) return;
    ASSERT_TRUE(add_local(*store_, kAlice, "alice"));
    ASSERT_TRUE(add_local(*store_, kBob, "bob"));
    ASSERT_TRUE(store_->write(
        [](Tx& tx) { return tx.accounts().insert_local(make_account(kCarol, "carol", "remote.example"), {}); }));
    ASSERT_TRUE(add_local(*store_, kDave, "dave"));
  }

  // Runs fn(tx) -> Result<T> in a read transaction and returns its value (default on failure,
  // which also fails the test).
  template <class Fn>
  auto get(Fn&& fn) {
    using R = decltype(fn(std::declval<Tx&>()));
    typename R::value_type out{};
    auto s = store_->read([&](Tx& tx) -> Status {
      auto r = fn(tx);
      if (!r) return util::fail(r.error());
      out = std::move(*r);
      return {};
    });
    EXPECT_TRUE(s) << describe(s.error());
    return out;
  }

  // Same in a write transaction.
  template <class Fn>
  auto put(Fn&& fn) {
    using R = decltype(fn(std::declval<Tx&>()));
    if constexpr (std::is_void_v<typename R::value_type>) {
      auto s = store_->write([&](Tx& tx) { return fn(tx); });
      EXPECT_TRUE(s) << describe(s.error());
    } else {
      typename R::value_type out{};
      auto s = store_->write([&](Tx& tx) -> Status {
        auto r = fn(tx);
        if (!r) return util::fail(r.error());
        out = std::move(*r);
        return {};
      });
      EXPECT_TRUE(s) << describe(s.error());
      return out;
    }
  }

  void insert(const core::Status& s) {
    put([&](Tx& tx) { return tx.statuses().insert(s); });
  }

  core::Account account(Id id) {
    auto a = get([&](Tx& tx) { return tx.accounts().find_by_id(id); });
    EXPECT_TRUE(a.has_value());
    return a.value_or(core::Account{});
  }

  core::Status status(Id id) {
    auto s = get([&](Tx& tx) { return tx.statuses().find(id); });
    EXPECT_TRUE(s.has_value()) << "status " << id;
    return s.value_or(core::Status{});
  }
};

}  // namespace parloir::store::testing
