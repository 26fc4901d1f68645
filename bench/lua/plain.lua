-- GET on the URL given to wrk with no token (for /health and /api/v1/instance in the social suite),
-- reporting like the other scripts. Needs no input files.
package.path = (os.getenv("PARLOIR_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) non200 = 0; first_bad = "" end
response = function(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if #first_bad < 60 then first_bad = first_bad .. tostring(status) .. "," end
  end
end
done = function(summary, latency, requests)
  local bad, seen = 0, ""
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non200") or 0)
    if #seen < 60 then seen = seen .. (t:get("first_bad") or "") end
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
