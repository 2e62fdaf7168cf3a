-- Shared by the request scripts of bench/throughput.py: headers from WRK_HEADERS ("Name: value"
-- lines), answers that are not 2xx counted per thread, and a JSON summary printed by done().
local common = {}
local threads = {}

function common.headers()
  wrk.headers["X-Forwarded-Proto"] = "https"
  for line in (os.getenv("WRK_HEADERS") or ""):gmatch("[^\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

function common.setup(thread)
  table.insert(threads, thread)
end

function common.count(status)
  if status < 200 or status > 299 then not_2xx = (not_2xx or 0) + 1 end
end

function common.done(summary, latency, requests)
  local refused = 0
  for _, thread in ipairs(threads) do refused = refused + (thread:get("not_2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"not_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), refused, e.connect + e.read + e.write + e.timeout))
end

return common
