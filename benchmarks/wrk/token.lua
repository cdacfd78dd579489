-- Token issuance as enterprise.js asks for it: wrk -s token.lua URL/recaptcha/enterprise/token?k=KEY
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["Origin"] = "http://localhost"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0"
wrk.body = '{"a":"login","s":{"wd":false,"ua":"Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0","lg":2,"pl":5,"ow":1280,"oh":900,"mm":60,"kd":10,"el":5000}}'
