-- wrk script for bench/browser-mode/run.sh: each wrk thread is one client holding its own credential
-- and following its own Set-Cookie, as a browser does.
--
-- Run with one connection per thread (wrk -tN -cN): a thread's requests then go out one after the
-- other on its one connection, so a session never has two requests in flight and each request
-- carries the cookie of the answer before it (two connections sharing one refresh token would be
-- refresh-token reuse, which ends the session).
--
-- Argument (after --): a file with one request header per line ("Cookie: ..." or
-- "Authorization: Bearer ..."); thread k (from 0) sends line k+1. A response that sets
-- __Host-gatehouse-session replaces a cookie thread's cookie with the new value (a cleared cookie
-- comes only with a 401, which wrk counts and run.sh fails on).
-- done() prints report.lua's WRKJSON line and one more:
--   SESSIONJSON {"new_cookie":<responses that set a new session cookie>,"same_cookie":<responses that did not>}
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "../gateway-wrk/report.lua")
local report_done = done

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local file = args[1] or error("session.lua: give the credentials file after --")
  local line_number = 0
  for line in io.lines(file) do
    if line_number == id then
      header_name, header_value = line:match("^([^:]+):%s*(.*)$")
    end
    line_number = line_number + 1
  end
  if not header_name then
    error("session.lua: thread " .. id .. " has no credential in " .. file .. " (one line per thread)")
  end
  follow = header_name:lower() == "cookie"
  new_cookie = 0
  same_cookie = 0
end

function request()
  return wrk.format(nil, nil, { [header_name] = header_value })
end

function response(status, headers, body)
  local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
  local value = set_cookie and set_cookie:match("__Host%-gatehouse%-session=([^;]+)")
  if value then
    new_cookie = new_cookie + 1
    if follow then
      header_value = "__Host-gatehouse-session=" .. value
    end
  else
    same_cookie = same_cookie + 1
  end
end

function done(summary, latency, requests)
  report_done(summary, latency, requests)
  local changed, kept = 0, 0
  for _, thread in ipairs(threads) do
    changed = changed + thread:get("new_cookie")
    kept = kept + thread:get("same_cookie")
  end
  io.write(string.format('SESSIONJSON {"new_cookie":%d,"same_cookie":%d}\n', changed, kept))
end
