-- GET /api/v1/statuses/:id/context for a random public status (PARLOIR_BENCH_STATUSES), as a
-- rotating viewer.
package.path = (os.getenv("PARLOIR_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local c = require "common"
c.install {
  statuses = true,
  request = function(s)
    return c.get("/api/v1/statuses/" .. c.random_status_id(s) .. "/context", c.next_token(s))
  end,
}
