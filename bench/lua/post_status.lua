-- POST /api/v1/statuses (form body, public, unique text per request), rotating authors.
package.path = (os.getenv("PARLOIR_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local c = require "common"
c.install {
  init = function(s) s.run = tostring(os.time()) .. "-" .. tostring(math.random(1000000)) end,
  request = function(s)
    local body = string.format("status=bench+post+%s+t%d+n%d+about+the+%s", s.run, s.thread_no, s.n,
                               (s.n % 2 == 0) and "release" or "meeting")
    return c.post_form("/api/v1/statuses", c.next_token(s), body)
  end,
}
