-- wrk script for bench/load.py: POST the JSON body in env BODY; with env MIXED set, a mix
-- of good and bad requests instead, each thread cycling through a fixed pattern. done()
-- sums every thread's status counts (wrk gives each thread its own Lua state) and prints
-- them with the latency percentiles as one JSON line for the Python side to read.
local f = assert(io.open(os.getenv("BODY"), "rb"))
local good = f:read("*a")
f:close()
local json = {["Content-Type"] = "application/json"}
local requests = {}
local function add(times, request)
  for _ = 1, times do table.insert(requests, request) end
end

function init(args)
  add(12, wrk.format("POST", "/v1/briefs", json, good))
  if not os.getenv("MIXED") then
    requests = {requests[1]}
    counter, statuses = 0, {}
    return
  end
  add(3, wrk.format("GET", "/healthz"))
  add(2, wrk.format("POST", "/v1/briefs", json, '{"documents": [{"text": "unclosed'))
  add(1, wrk.format("POST", "/v1/briefs", json, '{"documents": [], "words": -5}'))
  add(1, wrk.format("POST", "/v1/briefs", json, '{"documents": [{"url": "http://127.0.0.1:9/x"}]}'))
  add(1, wrk.format("POST", "/v1/briefs", json, '{"documents": [{"text": "' ..
    string.rep("word ", 1200000) .. '"}]}'))  -- 6 MB: over the body limit
  add(1, wrk.format("POST", "/v1/briefs", json, '{"documents": [{"html": "' ..
    string.rep("<p>", 1600000) .. '"}]}'))  -- 4.8 MB of tags: refused before extraction
  add(1, wrk.format("POST", "/v1/briefs", json, '{"documents": [{"url": "http://[::1/"}]}'))
  add(1, wrk.format("POST", "/v1/briefs", json, '{"documents": [{"text": "a\\u0000b"}]}'))
  add(1, wrk.format("GET", "/v1/stories"))
  add(1, wrk.format("GET", "/openapi.json"))
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests_)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, ' ..
    '"max_ms": %f, "socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
