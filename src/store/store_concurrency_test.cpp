// Concurrency and durability of the Store contract, run on every backend: many writer threads,
// readers alongside, two Stores ("processes") on one database, data surviving close/reopen.
#include <atomic>
#include <thread>
#include <vector>

#include "store/store_test_support.h"

namespace parloir::store::testing {
namespace {

class StoreConcurrency : public StoreTestBase {};

INSTANTIATE_TEST_SUITE_P(Backends, StoreConcurrency, ::testing::ValuesIn(store_backends()), backend_name);

TEST_P(StoreConcurrency, ParallelWritersAndReadersLoseNothing) {
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 200;
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::atomic<long> reads{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      std::int64_t last = 0;
      while (writing.load()) {
        auto s = store_->read([&](Tx& tx) -> Status {
          auto n = tx.accounts().count_local_users();
          if (!n) return util::fail(n.error());
          if (*n < last) return util::fail(util::ErrorCode::internal, "count went backwards");
          last = *n;
          auto page = tx.accounts().list_local(0, 20);
          if (!page) return util::fail(page.error());
          return {};
        });
        if (!s) failures.fetch_add(1);
        reads.fetch_add(1);
      }
    });
  }
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        const Id id = 1 + w * kPerWriter + i;
        if (!add_local(*store_, id, "w" + std::to_string(w) + "_" + std::to_string(i))) failures.fetch_add(1);
      }
    });
  }
  for (auto& t : writers) t.join();
  writing.store(false);
  for (auto& t : readers) t.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.accounts().count_local_users(), kWriters * kPerWriter);
    for (int w = 0; w < kWriters; ++w) {
      for (int i = 0; i < kPerWriter; ++i) {
        auto a = tx.accounts().find_by_username("W" + std::to_string(w) + "_" + std::to_string(i), "");
        EXPECT_TRUE(a && *a && (*a)->id == 1 + w * kPerWriter + i);
      }
    }
    return {};
  }));
}

TEST_P(StoreConcurrency, TwoStoresOnOneDatabaseCanBothWrite) {
  std::unique_ptr<Store> other = open_store();  // e.g. the admin CLI next to the server
  ASSERT_NE(other, nullptr);
  constexpr int kEach = 200;
  std::atomic<int> failures{0};
  auto writer = [&](Store& store, Id base, const std::string& prefix) {
    for (int i = 0; i < kEach; ++i) {
      auto s = add_local(store, base + i, prefix + std::to_string(i));
      if (!s) {
        ADD_FAILURE() << describe(s.error());
        failures.fetch_add(1);
      }
    }
  };
  std::thread a(writer, std::ref(*store_), 1, "server");
  std::thread b(writer, std::ref(*other), 10000, "cli");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  for (Store* s : {store_.get(), other.get()}) {
    ASSERT_TRUE(s->read([&](Tx& tx) -> Status {
      EXPECT_EQ(*tx.accounts().count_local_users(), 2 * kEach);
      return {};
    }));
  }
  other->close();
}

TEST_P(StoreConcurrency, DataPersistsAfterCloseAndReopen) {
  ASSERT_TRUE(add_local(*store_, 1, "alice", core::Role::admin));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.meta().put("k", "v"); }));
  store_->close();
  store_ = open_store();
  ASSERT_NE(store_, nullptr);
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    auto a = tx.accounts().find_by_username("alice", "");
    EXPECT_TRUE(a && *a);
    EXPECT_EQ(*tx.accounts().count_admins(), 1);
    EXPECT_EQ(**tx.meta().get("k"), "v");
    return {};
  }));
  auto ok = store_->integrity_check();
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "ok");
}

}  // namespace
}  // namespace parloir::store::testing
