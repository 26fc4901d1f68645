-- GET /api/v1/notifications, rotating over every seeded account's token.
package.path = (os.getenv("PARLOIR_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local c = require "common"
c.install {
  request = function(s) return c.get("/api/v1/notifications", c.next_token(s)) end,
}
