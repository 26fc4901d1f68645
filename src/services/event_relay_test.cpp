// Cross-process events: the wire form round-trips, rejects garbage, and OutboxChannel carries
// events from one store handle (the CLI's) to another's receive() (the server's), starting at
// the end and never replaying.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "services/event_relay.h"

namespace parloir::services {
namespace {

TEST(EventWire, RoundTripsTheEventsThatCross) {
  auto revoked = decode_event(*encode_event(AccessRevokedEvent{"abc123", 42}));
  ASSERT_TRUE(revoked);
  const auto& r = std::get<AccessRevokedEvent>(*revoked);
  EXPECT_EQ(r.token_hash, "abc123");
  EXPECT_EQ(r.account_id, 42);
  auto by_account = decode_event(*encode_event(AccessRevokedEvent{"", 7}));
  ASSERT_TRUE(by_account);
  EXPECT_TRUE(std::get<AccessRevokedEvent>(*by_account).token_hash.empty());

  auto ann = decode_event(*encode_event(AnnouncementChangedEvent{AnnouncementEvent::reaction, 99, "👍"}));
  ASSERT_TRUE(ann);
  const auto& a = std::get<AnnouncementChangedEvent>(*ann);
  EXPECT_EQ(a.kind, AnnouncementEvent::reaction);
  EXPECT_EQ(a.announcement_id, 99);
  EXPECT_EQ(a.reaction_name, "👍");

  auto f = decode_event(*encode_event(FiltersChangedEvent{5}));
  ASSERT_TRUE(f);
  EXPECT_EQ(std::get<FiltersChangedEvent>(*f).account_id, 5);
  auto merged = decode_event(*encode_event(NotificationsMergedEvent{6}));
  ASSERT_TRUE(merged);
  EXPECT_EQ(std::get<NotificationsMergedEvent>(*merged).account_id, 6);
  auto n = decode_event(*encode_event(NotificationEvent{3, 4}));
  ASSERT_TRUE(n);
  EXPECT_EQ(std::get<NotificationEvent>(*n).notification_id, 4);

  auto stale = decode_event(*encode_event(InvalidateEvent{InvalidateKind::account, 77}));
  ASSERT_TRUE(stale);
  EXPECT_EQ(std::get<InvalidateEvent>(*stale).kind, InvalidateKind::account);
  EXPECT_EQ(std::get<InvalidateEvent>(*stale).id, 77);
  auto rules = decode_event(*encode_event(InvalidateEvent{InvalidateKind::rules, 0}));
  ASSERT_TRUE(rules);
  EXPECT_EQ(std::get<InvalidateEvent>(*rules).kind, InvalidateKind::rules);
  auto settings = decode_event(*encode_event(InvalidateEvent{InvalidateKind::settings, 0}));
  ASSERT_TRUE(settings);
  EXPECT_EQ(std::get<InvalidateEvent>(*settings).kind, InvalidateKind::settings);
  EXPECT_FALSE(decode_event("stale_account\tnot-a-number"));

  EXPECT_FALSE(encode_event(StatusEvent{}));  // carries a whole status: does not cross

  auto v = decode_event(*encode_event(ViewsChangedEvent{{11, 12}, {}}));
  ASSERT_TRUE(v);
  EXPECT_EQ(std::get<ViewsChangedEvent>(*v).status_ids, (std::vector<core::Id>{11, 12}));
  EXPECT_TRUE(std::get<ViewsChangedEvent>(*v).account_ids.empty());
  auto va = decode_event(*encode_event(ViewsChangedEvent{{}, {7}}));
  ASSERT_TRUE(va);
  EXPECT_EQ(std::get<ViewsChangedEvent>(*va).account_ids, (std::vector<core::Id>{7}));
  EXPECT_FALSE(decode_event("views\t1,x\t"));
  EXPECT_FALSE(decode_event("views\t1,,2\t"));
}

TEST(EventWire, RefusesMalformedLines) {
  for (const char* bad : {"", "revoked", "revoked\t\t", "revoked\tx\tnot-a-number", "announcement\t9\t1\t",
                          "announcement\t0\tx\t", "filters\t", "filters\t1\t2", "notification\t1", "status\t1",
                          "nonsense\t1\t2"})
    EXPECT_FALSE(decode_event(bad)) << bad;
}

TEST(OutboxChannel, CarriesEventsBetweenStoreHandlesWithoutReplay) {
  auto dir = std::filesystem::temp_directory_path() / ("parloir-relay-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "db.sqlite").string();
  std::filesystem::remove(path);
  store::SqliteOptions opts;
  opts.path = path;
  auto server_store = store::open_sqlite(opts);
  ASSERT_TRUE(server_store) << server_store.error().detail;
  auto cli_store = store::open_sqlite(opts);
  ASSERT_TRUE(cli_store) << cli_store.error().detail;
  OutboxChannel cli(**cli_store), server(**server_store);

  ASSERT_TRUE(cli.send(FiltersChangedEvent{1}));  // before the server's first receive: not replayed
  auto first = server.receive();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->empty());

  ASSERT_TRUE(cli.send(AnnouncementChangedEvent{AnnouncementEvent::published, 10, ""}));
  ASSERT_TRUE(cli.send(StatusEvent{}));  // ignored
  ASSERT_TRUE(cli.send(AccessRevokedEvent{"", 11}));
  auto got = server.receive();
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ(std::get<AnnouncementChangedEvent>((*got)[0]).announcement_id, 10);
  EXPECT_EQ(std::get<AccessRevokedEvent>((*got)[1]).account_id, 11);
  auto again = server.receive();
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  (*server_store)->close();
  (*cli_store)->close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace parloir::services
