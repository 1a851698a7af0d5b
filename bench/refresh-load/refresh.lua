-- wrk script: refresh-token rotation, each session always presenting its newest refresh token.
--
-- Run with one connection per thread (wrk -tN -cN), so each thread has exactly one request in
-- flight and its responses arrive in the order of its requests. Thread k owns the sessions whose
-- line number is k modulo N and cycles through them; a 200 replaces the session's token with the
-- one in the response, anything else keeps it (and is counted by wrk as an error).
--
-- Arguments (after --): <tokens file, one refresh token per line> <threads> <client_id> <output file>
-- done() writes every session's newest token back to the output file, so a measured run can follow
-- a warm-up on the same sessions, and prints one line:
-- RESULT <refreshes answered 200> <duration us> <refreshes/s> <p50 ms> <p99 ms> <max ms> <errors>

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

function init(args)
   tokens_file, thread_count, client_id, output_file = args[1], tonumber(args[2]), args[3], args[4]
   indexes, tokens = {}, {}
   local line_number = 0
   for line in io.lines(tokens_file) do
      if line_number % thread_count == id then
         table.insert(indexes, line_number)
         table.insert(tokens, line)
      end
      line_number = line_number + 1
   end
   if #tokens == 0 then
      error("thread " .. id .. " has no sessions: fewer sessions than threads")
   end
   current = 0
   refreshed = 0
   headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
end

function request()
   current = current % #tokens + 1
   return wrk.format("POST", "/oauth2/token", headers,
      "grant_type=refresh_token&client_id=" .. client_id .. "&refresh_token=" .. tokens[current])
end

function response(status, _, body)
   if status == 200 then
      local successor = string.match(body, '"refresh_token":"([^"]+)"')
      if successor then
         tokens[current] = successor
         refreshed = refreshed + 1
      end
   end
end

function done(summary, latency, _)
   local all, ok = {}, 0
   for _, thread in ipairs(threads) do
      ok = ok + thread:get("refreshed")
      local indexes, tokens = thread:get("indexes"), thread:get("tokens")
      for i, index in ipairs(indexes) do
         all[index + 1] = tokens[i]
      end
      output_file = output_file or thread:get("output_file")
   end
   local out = assert(io.open(output_file, "w"))
   for _, token in ipairs(all) do
      out:write(token, "\n")
   end
   out:close()
   local errors = summary.errors
   local failed = errors.connect + errors.read + errors.write + errors.status + errors.timeout
   io.write(string.format("RESULT %d %d %.1f %.2f %.2f %.2f %d\n", ok, summary.duration,
      ok / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, failed))
end
