-- Token issuance as enterprise.js asks for it in Chromium on Linux:
--   wrk -s token.lua URL/recaptcha/enterprise/token?k=KEY -- BODY_FILE
-- BODY_FILE: one request body (`Bulwark.LoadTest token-body`): a person's collector payload with a
-- real challenge and its proof.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["Origin"] = "http://localhost"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
wrk.headers["Accept-Language"] = "en-US,en;q=0.9"
wrk.headers["sec-ch-ua"] = '"Chromium";v="156", "Not_A Brand";v="24"'
wrk.headers["sec-ch-ua-mobile"] = "?0"
wrk.headers["sec-ch-ua-platform"] = '"Linux"'

function init(args)
  local f = assert(io.open(args[1], "r"))
  wrk.body = f:read("*a")
  f:close()
  req = wrk.format()
end

function request()
  return req
end
