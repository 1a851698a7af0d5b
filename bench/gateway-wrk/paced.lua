-- wrk script for the paced rounds of bench/gateway-wrk/run.sh: each connection waits PACE ms
-- (the first argument after --) after every response before it sends its next request, so the
-- servers run well below saturation and the latencies are mostly service time, not queueing.
-- wrk measures each latency from the request's write to its response, the pause excluded.
-- Prints the same WRKJSON line as report.lua.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local pace = 0

init = function(args)
  pace = tonumber(args[1]) or error("paced.lua: give the pause in ms after --")
end

delay = function()
  return pace
end
