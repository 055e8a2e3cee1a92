-- wrk script for scripts/bench-oip.sh: POST the file named after wrk's `--` as the body of an
-- Open Inference Protocol infer request.
--
--   wrk -s scripts/bench-oip/post.lua http://127.0.0.1:P/v2/models/predict_proba/infer -- body.json
--   wrk -s scripts/bench-oip/post.lua URL -- body.bin 93    -- binary extension: JSON header length
--
-- With a second argument the body is a binary tensor data extension request: the JSON header's
-- length goes in Inference-Header-Content-Length and the body is application/octet-stream, as
-- tritonclient sends it. As scripts/bench-serve/post.lua, the body is read once in init and every
-- request reuses the same bytes: no Lua runs per request.
wrk.method = "POST"

function init(args)
   local path = args[1] or error("post.lua: pass the body file after --")
   local f = assert(io.open(path, "rb"))
   wrk.body = f:read("*a")
   f:close()
   if args[2] then
      wrk.headers["Content-Type"] = "application/octet-stream"
      wrk.headers["Inference-Header-Content-Length"] = args[2]
   else
      wrk.headers["Content-Type"] = "application/json"
   end
end
