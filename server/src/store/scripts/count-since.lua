-- What a counting display missed since `lastSeq` (docs/decisions/0002), as one update: the scope's figures and
-- the figures of every child that changed, as they are now. The log (`clog:…`, written by counting.lua) names
-- only the child each sequence number changed; reading the figures here, in one atomic step, gives exactly the
-- figures the last entry's write left. Returns false when the log does not reach back to lastSeq+1 (trimmed) or
-- holds more than `max` entries: the caller then sends a snapshot, never a gap.
-- ARGV: 1 prefix, 2 contest, 3 scope (unit:ID | commune:CODE | province:CODE | nation), 4 lastSeq, 5 max.
-- Returns "fromSeq \t figures \t childId:figures;…" (counting-codec.ts).
--#include count-lib
local P, contest, scope, lastSeq, max = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])

local entries = redis.call('XRANGE', P .. 'clog:' .. contest .. ':' .. scope, (lastSeq + 1) .. '-0', '+',
  'COUNT', max + 1)
if #entries == 0 or #entries > max then return false end
-- One entry per sequence number: the first one kept must be the first one missed.
if entries[1][1] ~= (lastSeq + 1) .. '-0' then return false end

local function figuresOf(key)
  local f = redis.call('HMGET', key, unpack(FIELDS))
  for i = 1, #f do f[i] = tonumber(f[i]) or 0 end
  return f
end

local own = figuresOf(P .. 'ctot:' .. contest .. ':' .. scope)
if own[20] .. '-0' ~= entries[#entries][1] then return false end

-- Children of a unit or commune are polling areas (their record's contribution); of a province, communes; of
-- the nation, provinces (their totals).
local kind = string.match(scope, '^[a-z]+')
local function childFigures(id)
  if kind == 'unit' or kind == 'commune' then
    local r = redis.call('HMGET', P .. 'crec:' .. id .. ':' .. contest, 'st', 'nums', 'flags', 'at', 'seq')
    local v = contribution(r[1] or 'not-started', r[2] or '', r[3] or '')
    v[19], v[20] = tonumber(r[4]) or 0, tonumber(r[5]) or 0
    return v
  end
  return figuresOf(P .. 'ctot:' .. contest .. ':' .. (kind == 'province' and 'commune:' or 'province:') .. id)
end

local seen, kids = {}, {}
for _, e in ipairs(entries) do
  local m = e[2]
  local id
  for i = 1, #m, 2 do
    if m[i] == 'c' then id = m[i + 1]
    elseif m[i] == 'd' then id = string.match(m[i + 1], '^[^\t]*\t[^\t]*\t([^:]*)') end -- written before: full figures
  end
  if id and not seen[id] then
    seen[id] = true
    kids[#kids + 1] = id .. ':' .. table.concat(childFigures(id), ',')
  end
end
return (lastSeq + 1) .. '\t' .. table.concat(own, ',') .. '\t' .. table.concat(kids, ';')
