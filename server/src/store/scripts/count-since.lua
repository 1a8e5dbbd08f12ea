-- What a counting display missed since `lastSeq` (docs/decisions/0002), as one update: the scope's figures and
-- the figures of every child that changed, as they are now. The log (`clst:…`, a list written by counting.lua)
-- names only the child each sequence number changed; reading the figures here, in one atomic step, gives exactly the
-- figures the last entry's write left. Returns false when the log does not reach back to lastSeq+1 (trimmed) or
-- holds more than `max` entries: the caller then sends a snapshot, never a gap.
-- ARGV: 1 prefix, 2 contest, 3 scope (unit:ID | commune:CODE | province:CODE | nation), 4 lastSeq, 5 max.
-- Returns "fromSeq \t figures \t childId:figures;…" (counting-codec.ts).
--#include count-lib
local P, contest, scope, lastSeq, max = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])

local function figuresOf(key)
  local f = redis.call('HMGET', key, unpack(FIELDS))
  for i = 1, #f do f[i] = tonumber(f[i]) or 0 end
  return f
end

local own = figuresOf(P .. 'ctot:' .. contest .. ':' .. scope)
local seq = own[20]
local lk = P .. 'clst:' .. contest .. ':' .. scope
-- One item per sequence number, the last one being `seq`: the first kept is seq − LLEN + 1.
local first = seq - redis.call('LLEN', lk) + 1
if seq <= lastSeq or lastSeq + 1 < first or seq - lastSeq > max then return false end
local ids = redis.call('LRANGE', lk, lastSeq + 1 - first, -1)

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
for _, id in ipairs(ids) do
  if not seen[id] then
    seen[id] = true
    kids[#kids + 1] = id .. ':' .. table.concat(childFigures(id), ',')
  end
end
return (lastSeq + 1) .. '\t' .. table.concat(own, ',') .. '\t' .. table.concat(kids, ';')
