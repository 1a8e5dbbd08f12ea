-- Edits one polling area's reference fields (issue 9) and keeps every aggregate equal to a recomputation, in one
-- atomic step: registered voters (commune, province, nation totals, 100 % flags), unit membership (units' voters
-- and votes of the three contests). Reads the area's current values itself, so a report racing it cannot be lost.
-- KEYS: area, agg:commune, agg:province, agg:nation, ureg:na, ureg:pc, ureg:cc, uvoted:na, uvoted:pc, uvoted:cc, lastrep,
--       then per contest (na, pc, cc): ukids:old, ukids:new, ctot:c:unit:old, ctot:c:unit:new, crec:area:c,
--       then the voter-change log: vchg, vchg:seq, vchg:area:<id>
-- ARGV: areaId, reg, regpc, regcc, una, upc, ucc, name, address, kind, lat, lon ('' = none),
--       the units the caller read (na, pc, cc): the per-contest keys were built from them,
--       nowMs, who, note (the edit's reason), commune, province
-- A change of registered voters is also appended to the voter-change log as a correction (§5: every version of
-- the list is recorded), so the voter-change report's totals follow the denominators.
local area = KEYS[1]
local v = redis.call('HMGET', area, 'reg', 'regpc', 'regcc', 'voted', 'full', 'una', 'upc', 'ucc', 'last')
if not v[1] then return redis.error_reply('AREA_NOT_FOUND') end
local reg, regpc, regcc, voted, full = tonumber(v[1]), tonumber(v[2]), tonumber(v[3]), tonumber(v[4]), tonumber(v[5])
local units = { na = v[6], pc = v[7], cc = v[8] }
local last = v[9]
local nreg, nregpc, nregcc = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local nunits = { na = ARGV[5], pc = ARGV[6], cc = ARGV[7] }
if voted > nreg then return redis.error_reply('VOTED_EXCEEDS_REGISTERED') end
if units.na ~= ARGV[13] or units.pc ~= ARGV[14] or units.cc ~= ARGV[15] then return redis.error_reply('RETRY') end
-- Counting (§2.6) keeps each unit's areas and the records it expects; an area already counted does not move.
local order = { 'na', 'pc', 'cc' }
for i, c in ipairs(order) do
  if nunits[c] ~= units[c] then
    local base = 11 + (i - 1) * 5
    if redis.call('EXISTS', KEYS[base + 5]) == 1 then return redis.error_reply('AREA_COUNTED') end
  end
end
for i, c in ipairs(order) do
  if nunits[c] ~= units[c] then
    local base = 11 + (i - 1) * 5
    redis.call('LREM', KEYS[base + 1], 0, ARGV[1])
    redis.call('RPUSH', KEYS[base + 2], ARGV[1])
    redis.call('HINCRBY', KEYS[base + 3], 'areas', -1)
    redis.call('HINCRBY', KEYS[base + 4], 'areas', 1)
  end
end

-- Commune-council votes are counted as the cc share of the area's voters (same rule as ingest.lua).
local function ccShare(r, rcc, x) if r == 0 then return 0 end return math.floor(x * rcc / r) end

local dReg, dRegcc = nreg - reg, nregcc - regcc
local nfull = (nreg > 0 and voted == nreg) and 1 or 0
local dFull = nfull - full
local dComFull = 0
if dReg ~= 0 or dRegcc ~= 0 or dFull ~= 0 then
  local c = redis.call('HMGET', KEYS[2], 'reg', 'voted')
  local creg, cvoted = tonumber(c[1]), tonumber(c[2])
  local was = (creg > 0 and cvoted == creg) and 1 or 0
  local is = (creg + dReg > 0 and cvoted == creg + dReg) and 1 or 0
  dComFull = is - was
  redis.call('HINCRBY', KEYS[2], 'reg', dReg)
  redis.call('HINCRBY', KEYS[2], 'regcc', dRegcc)
  redis.call('HINCRBY', KEYS[2], 'full', dFull)
  redis.call('HSET', KEYS[2], 'comfull', is)
  for i = 3, 4 do
    redis.call('HINCRBY', KEYS[i], 'reg', dReg)
    redis.call('HINCRBY', KEYS[i], 'regcc', dRegcc)
    redis.call('HINCRBY', KEYS[i], 'full', dFull)
    redis.call('HINCRBY', KEYS[i], 'comfull', dComFull)
  end
end

local oldReg = { na = reg, pc = regpc, cc = regcc }
local newReg = { na = nreg, pc = nregpc, cc = nregcc }
local oldVoted = { na = voted, pc = voted, cc = ccShare(reg, regcc, voted) }
local newVoted = { na = voted, pc = voted, cc = ccShare(nreg, nregcc, voted) }
local idx = { na = 0, pc = 1, cc = 2 }
for c, i in pairs(idx) do
  local ureg, uvoted = KEYS[5 + i], KEYS[8 + i]
  redis.call('HINCRBY', ureg, units[c], 0 - oldReg[c]) -- 0 - x: -x of 0 is "-0", not an integer to Redis
  redis.call('HINCRBY', ureg, nunits[c], newReg[c])
  redis.call('HINCRBY', uvoted, units[c], 0 - oldVoted[c])
  redis.call('HINCRBY', uvoted, nunits[c], newVoted[c])
end

redis.call('HSET', area, 'reg', nreg, 'regpc', nregpc, 'regcc', nregcc, 'full', nfull, 'una', nunits.na,
  'upc', nunits.pc, 'ucc', nunits.cc, 'name', ARGV[8], 'address', ARGV[9], 'kind', ARGV[10])
-- The ingest script's packed copy of the area's units (reference.store.ts ingestFacts).
redis.call('HSET', area, 'u', nunits.na .. '\t' .. nunits.pc .. '\t' .. nunits.cc)
if ARGV[11] ~= '' then redis.call('HSET', area, 'lat', ARGV[11], 'lon', ARGV[12])
else redis.call('HDEL', area, 'lat', 'lon') end
if dFull ~= 0 then redis.call('ZADD', KEYS[11], nfull == 1 and 'inf' or last, ARGV[1]) end

local dNa, dPc, dCc = nreg - reg, nregpc - regpc, nregcc - regcc
if dNa ~= 0 or dPc ~= 0 or dCc ~= 0 then
  local id = (tonumber(redis.call('GET', KEYS[28])) or 0) + 1
  redis.call('SET', KEYS[28], id)
  redis.call('XADD', KEYS[27], id .. '-0', 'a', ARGV[1], 'c', ARGV[19], 'p', ARGV[20], 'r', 'correction', 'na', dNa,
    'pc', dPc, 'cc', dCc, 'e', ARGV[16], 't', ARGV[16], 'by', ARGV[17], 'note', ARGV[18], 'rv', '', 'k', '',
    'rg', nreg .. ',' .. nregpc .. ',' .. nregcc)
  redis.call('RPUSH', KEYS[29], id)
end
return 'OK'
