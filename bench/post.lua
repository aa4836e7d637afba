-- wrk script: POSTs the webhook in $BENCH_BODY with a message id no other request used, so
-- that every request is a new message the intake must record durably (a repeated id would be
-- a cheap duplicate).
local template = io.open(os.getenv("BENCH_BODY")):read("*a")
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  prefix = "w" .. tid .. "-" .. os.time() .. "-" .. math.random(1, 1000000000) .. "-"
  counter = 0
end

function request()
  counter = counter + 1
  local body = template:gsub("MESSAGE_ID", prefix .. counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
