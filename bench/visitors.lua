-- wrk script for bench/counting.py: each request comes from one of BENCH_VISITORS readers, each
-- with an address of its own (X-Forwarded-For, trusted through TRUSTED_PROXY_COUNT=1) and one of
-- four browsers' User-Agents, so that counting hashes and keeps as many visitors as a busy day's.
local agents = {
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
}
local visitors = tonumber(os.getenv("BENCH_VISITORS") or "10000")

-- Each thread of each run draws its own sequence: unseeded, every run would replay the first
-- readers again.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
end

request = function()
  local n = math.random(visitors)
  wrk.headers["X-Forwarded-For"] = string.format(
    "10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256
  )
  wrk.headers["User-Agent"] = agents[n % #agents + 1]
  return wrk.format()
end
