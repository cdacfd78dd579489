-- createAssessment or siteverify with a fresh token per request, read from a file (one a line).
--   wrk -t THREADS -s tokens.lua URL -- MODE FILE KEY THREADS
--   MODE: assess (KEY = API key) | replay (always the first token) | siteverify (KEY = legacy secret)
-- Each thread walks the file with a stride of the thread count, so no two requests share a token
-- until the file runs out; then it wraps around (those answers are DUPE and still count).
local next_id = 1
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

function init(args)
  mode, file, key, threads_count = args[1], args[2], args[3], tonumber(args[4])
  tokens = {}
  for line in io.lines(file) do tokens[#tokens + 1] = line end
  index = tid
end

function request()
  local token = tokens[1]
  if mode ~= "replay" then
    token = tokens[((index - 1) % #tokens) + 1]
    index = index + threads_count
  end
  if mode == "siteverify" then
    return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, "secret=" .. key .. "&response=" .. token)
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["x-goog-api-key"] = key },
    '{"event":{"token":"' .. token .. '","expectedAction":"login"}}')
end
