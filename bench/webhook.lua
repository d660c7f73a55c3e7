-- wrk script for the webhook ingestion benchmark: each thread posts its own share of the
-- pre-signed deliveries (one "signature<TAB>body" per line of the file given after `--`), then
-- starts over: wrk may build a request it never sends, and the replays it posts instead are
-- stored once, as Meta's retries are. run.py stops wrk once every message is stored; the JSON
-- line printed at the end carries the latency figures.
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

function init(args)
  thread_count = tonumber(args[1])
  deliveries = {}
  local line_number = 0
  for line in io.lines(args[2]) do
    if line_number % thread_count == index then
      local signature, body = line:match("^([^\t]+)\t(.*)$")
      table.insert(deliveries, { signature, body })
    end
    line_number = line_number + 1
  end
  next_delivery = 1
end

function request()
  local delivery = deliveries[(next_delivery - 1) % #deliveries + 1]
  next_delivery = next_delivery + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Hub-Signature-256"] = delivery[1],
  }, delivery[2])
end

done = function(summary, latency, requests)
  io.write(string.format(
    'JSON {"requests":%d,"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"non_2xx":%d}}\n',
    summary.requests, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
