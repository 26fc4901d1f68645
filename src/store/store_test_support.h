// Test support for the store suite: the list of backends every store test runs on, a fixture
// that gives each test a fresh database, and builders for domain values.
//
// The suite talks to backends only through store::Store and a BackendFactory, so a PostgreSQL
// backend joins by adding one entry to store_backends(). Test-only; not thread-safe itself
// (the fixture is per test).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/store.h"

namespace parloir::store::testing {

// How to create, open and destroy a database of one backend.
struct BackendFactory {
  std::string name;
  // Creates a new empty database and returns its location (a path, a DSN...).
  std::function<std::string()> create_database;
  // Opens a Store on it (migrated). May be called several times on one location: two Stores on
  // one location model two processes (server and admin CLI).
  std::function<Result<std::unique_ptr<Store>>(const std::string& location)> open;
  // Removes everything create_database made.
  std::function<void(const std::string& location)> destroy;
};

inline void PrintTo(const BackendFactory& f, std::ostream* os) { *os << f.name; }

// SQLite on a fresh temp directory under /tmp; the database sits in a not-yet-existing
// subdirectory so open_sqlite must create it.
inline BackendFactory sqlite_backend() {
  BackendFactory f;
  f.name = "sqlite";
  f.create_database = [] {
    std::string dir_template = (std::filesystem::temp_directory_path() / "parloir-store-XXXXXX").string();
    const char* dir = ::mkdtemp(dir_template.data());
    if (dir == nullptr) throw std::runtime_error("mkdtemp failed");
    return std::string(dir) + "/data/parloir.sqlite3";
  };
  f.open = [](const std::string& location) -> Result<std::unique_ptr<Store>> {
    SqliteOptions o;
    o.path = location;
    o.busy_timeout_ms = 20000;  // generous: sanitizer builds on 2 cores are slow
    o.read_connections = 4;
    return open_sqlite(o);
  };
  f.destroy = [](const std::string& location) {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(location).parent_path().parent_path(), ec);
  };
  return f;
}

inline std::vector<BackendFactory> store_backends() { return {sqlite_backend()}; }

inline std::string backend_name(const ::testing::TestParamInfo<BackendFactory>& info) { return info.param.name; }

// Gives each test a fresh, migrated database on the backend under test: store_.
class StoreTestBase : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    location_ = GetParam().create_database();
    store_ = open_store();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    if (store_) store_->close();
    store_.reset();
    GetParam().destroy(location_);
  }
  // Opens another Store on this test's database (another "process").
  std::unique_ptr<Store> open_store() {
    auto r = GetParam().open(location_);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().public_message + " / " + r.error().detail);
    return r ? std::move(*r) : nullptr;
  }

  std::string location_;
  std::unique_ptr<Store> store_;
};

inline core::Account make_account(Id id, const std::string& username, const std::string& domain = "") {
  core::Account a;
  a.id = id;
  a.username = username;
  a.domain = domain;
  a.display_name = username + " display";
  a.created_at = 1700000000000;
  a.updated_at = 1700000000000;
  if (!domain.empty()) a.uri = "https://" + domain + "/users/" + username;
  return a;
}

inline core::User make_user(Id id, const std::string& email, core::Role role = core::Role::user) {
  core::User u;
  u.id = id;
  u.email = email;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.role = role;
  u.created_at = 1700000000000;
  return u;
}

// Inserts a local account with user in its own write transaction.
inline Status add_local(Store& store, Id id, const std::string& username, core::Role role = core::Role::user) {
  return store.write([&](Tx& tx) {
    return tx.accounts().insert_local(make_account(id, username), make_user(id, username + "@example.com", role));
  });
}

// Formats an error for assertion messages.
inline std::string describe(const util::Error& e) { return e.public_message + " / " + e.detail; }

}  // namespace parloir::store::testing
