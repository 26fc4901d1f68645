-- GET /api/v1/accounts/:id/statuses for a random seeded account, as a rotating viewer.
package.path = (os.getenv("PARLOIR_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local c = require "common"
c.install {
  request = function(s)
    return c.get("/api/v1/accounts/" .. c.random_account_id(s) .. "/statuses", c.next_token(s))
  end,
}
