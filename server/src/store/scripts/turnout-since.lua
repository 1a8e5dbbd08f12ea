-- What a turnout display missed since `lastSeq` (docs/decisions/0002, 0011), as one update: the scope's figures
-- and the figures of every child that changed, as they are now. A log entry (`log:<scope>`, id = the last sequence
-- number it covers, written by ingest.lua and voter-change.lua) names the children it changed (`k`) and the first
-- number it covers (`f`); reading the figures here, in one atomic step, gives exactly what the last entry's write
-- left (the snapshot script reads the same fields). Returns false when the log does not reach back to lastSeq+1
-- (trimmed) or holds more than `max` entries: the caller then sends a snapshot, never a gap.
-- ARGV: 1 prefix, 2 scope (commune:CODE | province:CODE | nation), 3 lastSeq, 4 max.
-- Returns "fromSeq \t figures \t childId:figures;…" (update-codec.ts).
local P, scope, lastSeq, max = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local FIELDS = { 'reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last', 'seq' }

local entries = redis.call('XRANGE', P .. 'log:' .. scope, (lastSeq + 1) .. '-0', '+', 'COUNT', max + 1)
if #entries == 0 or #entries > max then return false end

local function read(key)
  local v = redis.call('HMGET', key, unpack(FIELDS))
  for i = 1, #FIELDS do v[i] = tonumber(v[i]) or 0 end
  return v
end
local own = read(P .. 'agg:' .. scope)
if own[10] .. '-0' ~= entries[#entries][1] then return false end

local kind = string.match(scope, '^[a-z]+')
local childPrefix = P .. (kind == 'commune' and 'area:' or kind == 'province' and 'agg:commune:' or 'agg:province:')

local seen, kids = {}, {}
for n, e in ipairs(entries) do
  local m, from, ids = e[2], nil, nil
  for i = 1, #m, 2 do
    if m[i] == 'f' then from = tonumber(m[i + 1])
    elseif m[i] == 'k' then ids = m[i + 1]
    elseif m[i] == 'd' then -- written before: "from \t figures \t id:figures;id:figures"
      local f, body = string.match(m[i + 1], '^([^\t]*)\t[^\t]*\t?(.*)$')
      from, ids = tonumber(f), string.gsub(body or '', ':[^;]*', '')
    end
  end
  -- Each entry covers from..id; the first must reach back to lastSeq+1.
  if n == 1 and (from == nil or from > lastSeq + 1) then return false end
  for id in string.gmatch(ids or '', '[^;]+') do
    if not seen[id] then
      seen[id] = true
      kids[#kids + 1] = id .. ':' .. table.concat(read(childPrefix .. id), ',')
    end
  end
end
return (lastSeq + 1) .. '\t' .. table.concat(own, ',') .. '\t' .. table.concat(kids, ';')
