-- POST /api/v1/statuses/:id/favourite on a random public status (PARLOIR_BENCH_STATUSES), as a
-- rotating account (a repeat favourite is a no-op that still answers 200, as Mastodon does).
package.path = (os.getenv("PARLOIR_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local c = require "common"
c.install {
  statuses = true,
  request = function(s)
    return c.post_form("/api/v1/statuses/" .. c.random_status_id(s) .. "/favourite", c.next_token(s), "")
  end,
}
