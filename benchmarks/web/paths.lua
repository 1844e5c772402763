-- wrk script for benchmarks/web/run.sh: each connection cycles through the paths of a file (one per line), starting
-- at a random line, with an optional Cookie header; at the end it prints the latency percentiles (wrk's own --latency
-- output has no 95th percentile) and the error counts.
-- Usage: wrk -c32 -t2 -d20s -s paths.lua http://127.0.0.1:5087 -- paths.txt "forecast.auth=..." [think_ms]
-- think_ms > 0: wait a random 0.5..1.5 x think_ms before each request (wrk does not count the wait as latency).
local paths = {}
local i = 0
local think = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if args[2] ~= nil and args[2] ~= "" then wrk.headers["Cookie"] = args[2] end
  if args[3] ~= nil and args[3] ~= "" then think = tonumber(args[3]) end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(#paths)
end

function delay()
  if think <= 0 then return 0 end
  return math.floor(think * (0.5 + math.random()))
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50=%.1f p90=%.1f p95=%.1f p99=%.1f max=%.1f non2xx3xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
