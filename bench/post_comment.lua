-- wrk script: POST a new JSON comment with a unique text each time.
-- usage: wrk -s post_comment.lua URL   (env BENCH_KIND=dateline|isso)
local counter = 0
local kind = os.getenv("BENCH_KIND") or "dateline"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local text = "Benchmark comment " .. tostring(counter) .. " from thread " .. tostring(math.random(1, 1000000000))
  local body
  if kind == "isso" then
    body = '{"text": "' .. text .. '", "author": "Bench", "title": "Bench"}'
  else
    body = '{"name": "Bench", "text": "' .. text .. '", "accept_terms": true}'
  end
  return wrk.format(nil, nil, nil, body)
end
