-- createAssessment or siteverify with a fresh token per request, read from a file (one a line).
--   wrk -t THREADS -s tokens.lua URL -- MODE FILE KEY THREADS [SITE_KEY]
--   MODE: assess (KEY = API key) | replay (always the first token) | siteverify (KEY = legacy secret)
-- The request carries what a site's backend sends: token, site key, expected action, user agent and
-- the user's address. Each thread takes every THREADS-th token, so no two requests share a token
-- until its share runs out; then it wraps around (those answers are DUPE and still count).
-- Requests are built once in init, so the generator spends its time sending, not formatting.
local next_id = 1
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"

local function build(token)
  if mode == "siteverify" then
    return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" },
      "secret=" .. key .. "&response=" .. token .. "&remoteip=127.0.0.1")
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["x-goog-api-key"] = key },
    '{"event":{"token":"' .. token .. '","siteKey":"' .. site_key .. '","expectedAction":"login","userAgent":"' .. ua .. '","userIpAddress":"127.0.0.1"}}')
end

function init(args)
  mode, file, key, threads_count, site_key = args[1], args[2], args[3], tonumber(args[4]), args[5] or ""
  reqs = {}
  local i = 0
  for line in io.lines(file) do
    if (mode == "replay" and i == 0) or (mode ~= "replay" and i % threads_count == tid - 1) then
      reqs[#reqs + 1] = build(line)
    end
    i = i + 1
  end
  n = 0
end

function request()
  n = n % #reqs + 1
  return reqs[n]
end
