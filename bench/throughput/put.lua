-- PUT /api/v1/values of two cells. Each thread is the officer of its own commune (one line
-- of WRK_WRITERS: "token;unit;target:version,target:version") and sends the versions the
-- previous answer gave, so every PUT should be accepted; see common.lua.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local writers = {}
for line in (os.getenv("WRK_WRITERS") or ""):gmatch("[^\n]+") do table.insert(writers, line) end
local next_writer = 0

setup = function(thread)
  common.setup(thread)
  next_writer = next_writer + 1
  thread:set("writer", writers[(next_writer - 1) % #writers + 1])
end

local program, period = os.getenv("WRK_PROGRAM"), os.getenv("WRK_PERIOD")
local unit, cells, value = nil, {}, 0

init = function(args)
  local token, code, list = writer:match("^([^;]+);([^;]+);(.+)$")
  unit = code
  for target, version in list:gmatch("([^:,]+):(%d+)") do
    table.insert(cells, { target = target, version = tonumber(version) })
  end
  wrk.method = "PUT"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Forwarded-Proto"] = "https"
end

request = function()
  local items = {}
  for _, cell in ipairs(cells) do
    value = value + 1
    table.insert(items, string.format(
      '{"unit": "%s", "target": "%s", "period": "%s", "value": %d, "version": %d}',
      unit, cell.target, period, 1000 + value % 500, cell.version))
  end
  local body = string.format('{"program": "%s", "reason": "wrk", "items": [%s]}',
    program, table.concat(items, ", "))
  return wrk.format(nil, nil, nil, body)
end

response = function(status, headers, body)
  common.count(status)
  if status ~= 200 then return end
  for target, version in body:gmatch('"target":%s*"([^"]+)"[^{}]-"version":%s*(%d+)') do
    for _, cell in ipairs(cells) do
      if cell.target == target then cell.version = tonumber(version) end
    end
  end
end

done = common.done
