#include "http/address_policy.h"

#include <gtest/gtest.h>

using namespace parloir::http;

namespace {

bool permitted(const AddressPolicy& p, const char* ip) {
  auto parsed = parse_ip(ip);
  EXPECT_TRUE(parsed) << ip;
  return parsed && p.permits(*parsed);
}

TEST(AddressPolicy, RefusesEveryNonPublicSpelling) {
  AddressPolicy p;
  for (const char* ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                         "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.1",
                         "::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "::ffff:7f00:1",
                         "[::1]", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "64:ff9b::7f00:1",
                         "64:ff9b:1::1", "2001:db8::1", "2002:7f00:1::1", "2001::1", "3fff::1", "100::1"})
    EXPECT_FALSE(permitted(p, ip)) << ip;
}

TEST(AddressPolicy, PermitsPublicAddresses) {
  AddressPolicy p;
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4007::1",
                         "::ffff:8.8.8.8"})
    EXPECT_TRUE(permitted(p, ip)) << ip;
}

TEST(AddressPolicy, AllowListCoversMappedForms) {
  auto p = AddressPolicy::from_strings({"127.0.0.0/8"});
  ASSERT_TRUE(p);
  EXPECT_TRUE(permitted(*p, "127.0.0.1"));
  EXPECT_TRUE(permitted(*p, "::ffff:127.0.0.1"));
  EXPECT_TRUE(permitted(*p, "::127.0.0.2"));
  EXPECT_FALSE(permitted(*p, "10.0.0.1"));
  EXPECT_FALSE(permitted(*p, "::1"));
  auto v6 = AddressPolicy::from_strings({"::1"});
  ASSERT_TRUE(v6);
  EXPECT_TRUE(permitted(*v6, "::1"));
  EXPECT_FALSE(permitted(*v6, "127.0.0.1"));
}

TEST(AddressPolicy, RejectsBadCidrs) {
  EXPECT_FALSE(AddressPolicy::from_strings({"127.0.0.0/33"}));
  EXPECT_FALSE(AddressPolicy::from_strings({"example.com"}));
  EXPECT_FALSE(AddressPolicy::from_strings({"::/129"}));
  EXPECT_FALSE(parse_ip("1.2.3"));
}

}  // namespace
