#include "http/params.h"

#include <string>

#include <gtest/gtest.h>

#include "http/request.h"

namespace parloir::http {
namespace {

TEST(ParseUrlencoded, DecodesPairsPlusAndEscapes) {
  Params p = parse_urlencoded("a=1&b=%20x+y&c&&d=&e=%zz");
  EXPECT_EQ(p.get("a"), "1");
  EXPECT_EQ(p.get("b"), " x y");
  EXPECT_EQ(p.get("c"), "");
  EXPECT_EQ(p.get("d"), "");
  EXPECT_EQ(p.get("e"), "%zz");  // bad escapes kept literally
  EXPECT_FALSE(p.has("f"));
  EXPECT_EQ(p.items().size(), 5u);
}

TEST(Params, GetAllReadsBracketIndexedAndRepeatedKeys) {
  Params p = parse_urlencoded("ids[]=1&ids[]=2&ids[5]=3&ids=4&idsx[]=no&ids[a]=no&ids[0][f]=no");
  auto all = p.get_all("ids");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0], "1");
  EXPECT_EQ(all[1], "2");
  EXPECT_EQ(all[2], "3");
  EXPECT_EQ(all[3], "4");
}

TEST(Params, GetBoolAcceptsRailsBooleansAndFlagsInvalid) {
  Params p = parse_urlencoded("a=true&b=0&c=on&d=False&e=maybe");
  EXPECT_EQ(p.get_bool("a"), true);
  EXPECT_EQ(p.get_bool("b"), false);
  EXPECT_EQ(p.get_bool("c"), true);
  EXPECT_EQ(p.get_bool("d"), false);
  EXPECT_EQ(p.get_bool("zz"), std::nullopt);
  bool invalid = false;
  EXPECT_EQ(p.get_bool("e", &invalid), std::nullopt);
  EXPECT_TRUE(invalid);
}

TEST(Params, GetIntParsesIntegersOnly) {
  Params p = parse_urlencoded("a=42&b=-7&c=4x&d=");
  EXPECT_EQ(p.get_int("a"), 42);
  EXPECT_EQ(p.get_int("b"), -7);
  bool invalid = false;
  EXPECT_EQ(p.get_int("c", &invalid), std::nullopt);
  EXPECT_TRUE(invalid);
  invalid = false;
  EXPECT_EQ(p.get_int("d", &invalid), std::nullopt);
  EXPECT_TRUE(invalid);
  EXPECT_EQ(p.get_int("missing"), std::nullopt);
}

TEST(ParseJsonParams, FlattensLikeRails) {
  Params p;
  ASSERT_TRUE(parse_json_params(R"({"a":1,"b":{"c":true},"d":["x","y"],"e":[{"f":2}],"n":null,"s":"h\u00e9"})", p));
  EXPECT_EQ(p.get("a"), "1");
  EXPECT_EQ(p.get("b[c]"), "true");
  auto d = p.get_all("d");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "x");
  EXPECT_EQ(d[1], "y");
  EXPECT_EQ(p.get("e[0][f]"), "2");
  EXPECT_EQ(p.get("n"), "");
  EXPECT_EQ(p.get("s"), "h\xc3\xa9");
}

TEST(ParseJsonParams, FlattensNestedArraysAndKeepsNumberText) {
  Params p;
  ASSERT_TRUE(parse_json_params(
      R"({"poll":{"options":["a","b"],"expires_in":3600},"m":[[1,2],[3]],"x":[{"y":[true,false]},{"y":[]}],"f":1.50})",
      p));
  auto opts = p.get_all("poll[options]");
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[1], "b");
  EXPECT_EQ(p.get("poll[expires_in]"), "3600");
  EXPECT_EQ(p.get_all("m[0]").size(), 2u);
  EXPECT_EQ(p.get_all("m[1]").size(), 1u);
  EXPECT_EQ(p.get_all("x[0][y]").size(), 2u);
  EXPECT_EQ(p.get_all("x[0][y]")[1], "false");
  EXPECT_EQ(p.get("f"), "1.50");
}

TEST(ParseJsonParams, RejectsMalformedAndNonObjects) {
  Params p;
  EXPECT_FALSE(parse_json_params("{\"a\":", p));
  EXPECT_FALSE(parse_json_params("{\"a\":1} trailing", p));
  EXPECT_FALSE(parse_json_params("[1,2]", p));
  EXPECT_FALSE(parse_json_params("\"str\"", p));
  EXPECT_FALSE(parse_json_params("", p));
  EXPECT_FALSE(parse_json_params("{\"a\":\"\xff\"}", p));  // invalid UTF-8
  EXPECT_TRUE(p.empty());  // nothing added on failure
}

TEST(ParseJsonParams, RefusesNestingDeeperThan32) {
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += "{\"a\":";
    s += "1";
    for (int i = 0; i < depth; ++i) s += "}";
    return s;
  };
  Params ok;
  EXPECT_TRUE(parse_json_params(nested(32), ok));
  Params too_deep;
  EXPECT_FALSE(parse_json_params(nested(33), too_deep));
  Params huge;
  EXPECT_FALSE(parse_json_params(std::string(100000, '[') , huge));  // no stack overflow
  std::string arrays = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
  EXPECT_FALSE(parse_json_params(arrays, huge));
}

TEST(ParseMultipart, ReadsFieldsAndFilesWithCrlf) {
  std::string body =
      "preamble\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"status\"\r\n"
      "\r\n"
      "hello\r\nworld\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"media_ids[]\"\r\n\r\n"
      "7\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\n"
      "Content-Type: image/png\r\n"
      "\r\n" +
      std::string("\x89PNG\r\n\0\x01--Xy", 11) +
      "\r\n"
      "--XyZ--\r\n";
  Params p;
  std::vector<UploadedFile> files;
  ASSERT_TRUE(parse_multipart(body, "XyZ", p, files));
  EXPECT_EQ(p.get("status"), "hello\r\nworld");
  EXPECT_EQ(p.get_all("media_ids").size(), 1u);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].field, "file");
  EXPECT_EQ(files[0].filename, "a \"b\".png");
  EXPECT_EQ(files[0].content_type, "image/png");
  EXPECT_EQ(files[0].data, std::string("\x89PNG\r\n\0\x01--Xy", 11));
}

TEST(ParseMultipart, RejectsMalformedBodies) {
  Params p;
  std::vector<UploadedFile> files;
  EXPECT_FALSE(parse_multipart("no boundary here", "b", p, files));
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "b", p, files));
  EXPECT_FALSE(parse_multipart("--b\r\n", "", p, files));
  EXPECT_TRUE(p.empty());
  EXPECT_TRUE(files.empty());
}

TEST(ContentTypeParam, ReadsQuotedAndPlainBoundary) {
  EXPECT_EQ(content_type_param("multipart/form-data; boundary=abc", "boundary"), "abc");
  EXPECT_EQ(content_type_param("multipart/form-data; charset=utf-8; Boundary=\"a b;c\"", "boundary"), "a b;c");
  EXPECT_EQ(content_type_param("multipart/form-data", "boundary"), std::nullopt);
}

TEST(Request, ParamReadsBodyBeforeQuery) {
  Request r;
  r.query = parse_urlencoded("a=q&b=q&ids[]=1&flag=true");
  r.body = parse_urlencoded("a=b&ids[]=2&ids[]=3");
  r.path_params = {{"id", "42"}};
  r.raw.set("X-Test", "yes");
  EXPECT_EQ(r.param("a"), "b");
  EXPECT_EQ(r.param("b"), "q");
  EXPECT_EQ(r.param_all("ids").size(), 2u);
  EXPECT_EQ(r.param_bool("flag"), true);
  EXPECT_EQ(r.path_param("id"), "42");
  EXPECT_EQ(r.path_param("nope"), "");
  EXPECT_EQ(r.header("x-test"), "yes");
  EXPECT_EQ(r.header("absent"), "");
}

TEST(Response, FactoriesSetTypesAndEscapeJson) {
  auto e = Response::error(422, "bad \"x\"\n\x01");
  EXPECT_EQ(e.status, 422u);
  EXPECT_EQ(e.body, "{\"error\":\"bad \\\"x\\\"\\n\\u0001\"}");
  EXPECT_EQ(e.content_type, "application/json; charset=utf-8");
  auto o = Response::oauth_error(401, "invalid_grant", "nope");
  EXPECT_EQ(o.body, "{\"error\":\"invalid_grant\",\"error_description\":\"nope\"}");
  EXPECT_EQ(Response::text("hi").content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(Response::html("<p>").content_type, "text/html; charset=utf-8");
  auto r = Response::redirect("/x");
  EXPECT_EQ(r.status, 302u);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Location");
}

}  // namespace
}  // namespace parloir::http
