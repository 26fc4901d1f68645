-- Shared helpers for the social wrk scripts (bench/lua/*.lua). Loaded with require "common"; the
-- scripts put their own directory on package.path (PARLOIR_BENCH_LUA, default bench/lua).
--
-- Inputs (environment, read in every wrk Lua state):
--   PARLOIR_BENCH_TOKENS    tokens file from `parloir admin bench-seed` ("account_id username token")
--   PARLOIR_BENCH_STATUSES  status ids, one a line (written by bench/social.py), for context/favourite
--
-- Each wrk thread reads the files in init(), starts at its own offset and rotates to the next
-- token on every request, so the load spreads over every seeded account (no hot token).
-- response() counts non-200 answers per thread; done() sums them and prints the WRK-REPORT line
-- parsed by bench/social.py (same keys as bench/wrk-report.lua, plus non200= and the first
-- non-200 statuses seen, for diagnosis).
local M = {}

local threads = {}

local function read_lines(path)
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  local out = {}
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  assert(#out > 0, path .. " is empty")
  return out
end

function M.load_tokens()
  local path = os.getenv("PARLOIR_BENCH_TOKENS")
  assert(path and path ~= "", "set PARLOIR_BENCH_TOKENS to the bench-seed tokens file")
  local ids, tokens = {}, {}
  for _, line in ipairs(read_lines(path)) do
    local id, _, token = line:match("^(%S+)%s+(%S+)%s+(%S+)")
    if id then
      ids[#ids + 1] = id
      tokens[#tokens + 1] = token
    end
  end
  assert(#tokens > 0, path .. ": no tokens")
  return ids, tokens
end

function M.load_status_ids()
  local path = os.getenv("PARLOIR_BENCH_STATUSES")
  assert(path and path ~= "", "set PARLOIR_BENCH_STATUSES to a file of status ids")
  return read_lines(path)
end

-- Installs setup/init/response/done into the script's globals. `opts.init(state)` may add fields
-- to the per-thread state; `opts.request(state)` returns the request (wrk.format(...)).
function M.install(opts)
  setup = function(thread)
    thread:set("thread_no", #threads)
    threads[#threads + 1] = thread
  end

  local state = { n = 0 }
  init = function(args)
    state.account_ids, state.tokens = M.load_tokens()
    if opts.statuses then state.status_ids = M.load_status_ids() end
    -- Different sequences per thread (and per run).
    math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
    state.next_token = math.random(#state.tokens)
    state.thread_no = thread_no or 0
    non200 = 0
    first_bad = ""
    if opts.init then opts.init(state, args) end
  end

  -- Defined at load time (wrk checks for a request() function before init runs).
  request = function()
    state.n = state.n + 1
    return opts.request(state)
  end

  response = function(status, headers, body)
    local ok = opts.ok_status or 200
    if status ~= ok then
      non200 = non200 + 1
      if #first_bad < 60 then first_bad = first_bad .. tostring(status) .. "," end
    end
  end

  done = function(summary, latency, requests)
    local bad, seen = 0, ""
    for _, t in ipairs(threads) do
      bad = bad + (t:get("non200") or 0)
      local fb = t:get("first_bad") or ""
      if #seen < 60 then seen = seen .. fb end
    end
    if seen == "" then seen = "-" end
    local e = summary.errors
    io.write(string.format(
      "WRK-REPORT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
      "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f stdev_us=%.1f non200=%d\n",
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency.max, latency.mean, latency.stdev, bad))
    io.write("WRK-BAD-STATUSES " .. seen .. "\n")
  end
end

-- The next token in this thread's rotation.
function M.next_token(state)
  local i = state.next_token
  state.next_token = i % #state.tokens + 1
  return state.tokens[i]
end

function M.random_account_id(state)
  return state.account_ids[math.random(#state.account_ids)]
end

function M.random_status_id(state)
  return state.status_ids[math.random(#state.status_ids)]
end

function M.get(path, token)
  local headers = { ["Authorization"] = "Bearer " .. token }
  return wrk.format("GET", path, headers, nil)
end

function M.post_form(path, token, body)
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", path, headers, body)
end

return M
