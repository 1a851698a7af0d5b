-- wrk script for the paced rounds of bench/browser-mode/run.sh: session.lua, and each connection
-- waits PACE ms (the second argument after --) after every response before its next request, so
-- every target serves the same fixed, moderate load and its latency is mostly service time.
-- wrk measures each latency from the request's write to its response, the pause excluded.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "session.lua")
local session_init = init

local pace = 0

function init(args)
  session_init(args)
  pace = tonumber(args[2]) or error("session-paced.lua: give the pause in ms after the credentials file")
end

function delay()
  return pace
end
