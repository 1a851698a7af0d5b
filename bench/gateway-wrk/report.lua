-- wrk script for bench/gateway-wrk/run.sh: after the run, prints one machine-readable line
--   WRKJSON {...}
-- next to wrk's own --latency text. Latencies are in microseconds. "status" is wrk's count of
-- responses with a status >= 400 ("Non-2xx or 3xx responses"); run.sh fails the run when it or any
-- socket error is non-zero. No request()/response() hooks, so the load loop stays in C.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"duration_us":%d,"requests":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,'
      .. '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
