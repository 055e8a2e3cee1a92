-- wrk script for scripts/bench-serve.sh: POST the file named after wrk's `--` as a JSON body.
--
--   wrk -s scripts/bench-serve/post.lua http://127.0.0.1:P/classify -- body.json
--
-- wrk's own wrk.init calls this init(args) and only then formats the request (once per
-- thread), so the file is read before the run and every request reuses the same bytes: the
-- load generator spends no Lua time per request (no request() or response() hooks, which on
-- this 2-core machine would take CPU from the server under test).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
   local path = args[1] or error("post.lua: pass the body file after --")
   local f = assert(io.open(path, "rb"))
   wrk.body = f:read("*a")
   f:close()
end
