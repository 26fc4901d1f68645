-- wrk script: prints one machine-readable line at the end of a run, parsed by bench/foundation.py.
-- Usage: wrk -t2 -c64 -d10s -s bench/wrk-report.lua http://127.0.0.1:PORT/health
-- Latencies are in microseconds; `status` counts non-2xx/3xx responses.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK-REPORT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f stdev_us=%.1f\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, latency.stdev))
end
