-- A GET with the headers of WRK_HEADERS; see common.lua.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.headers()
setup = common.setup
response = function(status, headers, body) common.count(status) end
done = common.done
