-- An atomic snapshot of one scope and its children: the scope's figures (with its sequence number) and each
-- child's figures read in the same instant, so a display can start from it and apply updates after `seq`.
-- ARGV: 1 prefix, 2 scope ("nation" | "province:XX" | "commune:XXXXX" | "area:ID"), 3 child kind or ""
local P, scope, childKind = ARGV[1], ARGV[2], ARGV[3]
local FIELDS = { 'reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last', 'seq' }

local function key(s)
  if string.sub(s, 1, 5) == 'area:' then return P .. 'area:' .. string.sub(s, 6) end
  return P .. 'agg:' .. s
end

local function read(k)
  local v = redis.call('HMGET', k, unpack(FIELDS))
  if not v[1] then return false end
  local out = {}
  for i = 1, #FIELDS do out[i] = tonumber(v[i]) or 0 end
  return out
end

local top = read(key(scope))
if not top then return cjson.encode({ found = false }) end
local kids = {}
if childKind ~= '' then
  local ids = redis.call('LRANGE', P .. 'kids:' .. scope, 0, -1)
  for _, id in ipairs(ids) do
    local f = read(key(childKind .. ':' .. id))
    if f then kids[#kids + 1] = { id, f } end
  end
end
return cjson.encode({ found = true, f = top, k = kids })
