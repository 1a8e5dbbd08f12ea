-- One atomic step for one change to a polling area's voter list (or the revert of one): claim the idempotency
-- key, check the change against the area's current list (shared/src/domain/voter-roll.ts has the same rules),
-- append the audit entry, then move every registered denominator the ingest script and the loader keep:
-- the area (reg, regpc, regcc, full), its commune, province and the nation (reg, regcc, full, comfull), the
-- units' registered voters per contest (ureg:*), the commune-council unit's pro-rata voted estimate (uvoted:cc,
-- ingest.lua's ccShare depends on reg and regcc), the silence index (an area at 100 % scores +inf), one log
-- entry per touched scope and one notification. Series points are not rewritten: each keeps the denominator it
-- was computed with. The change itself goes to the election's change log (a stream, id = change number).
--
-- ARGV: 1 prefix, 2 nowMs, 3 logMaxLen, 4 live (1: check the clock), 5 maxFutureMs, 6 areaId, 7 reason,
-- 8 dNa, 9 dPc, 10 dCc (signed), 11 effectiveMs, 12 idemKey, 13 bodyHash, 14 who, 15 role, 16 ip, 17 note,
-- 18 reverts (change id or ''), 19 requestId.
-- Returns "OK\t<id>", "RP\t<id>" (the key's original change) or "ER\t<error json>".
local P, nowStr, logMax, live, maxFuture = ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1', tonumber(ARGV[5])
--#include audit-chain
local nowMs = tonumber(nowStr)
local areaId, reason = ARGV[6], ARGV[7]
local dNa, dPc, dCc = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local effStr, key, bodyHash = ARGV[11], ARGV[12], ARGV[13]
local effMs = tonumber(effStr)
local who, role, ip, note, reverts, rid = ARGV[14], ARGV[15], ARGV[16], ARGV[17], ARGV[18], ARGV[19]

local function err(status, code, detail)
  return 'ER\t' .. cjson.encode({ status = status, code = code, detail = detail })
end

local prior = redis.call('HGET', P .. 'vchg:idem', key)
if prior then
  local sep = string.find(prior, ' ', 1, true)
  if string.sub(prior, 1, sep - 1) == bodyHash then return 'RP\t' .. string.sub(prior, sep + 1) end
  return err(422, 'IDEMPOTENCY_KEY_REUSED', { idempotencyKey = key })
end

if reverts ~= '' then
  local e = redis.call('XRANGE', P .. 'vchg', reverts .. '-0', reverts .. '-0')
  if #e == 0 then return err(404, 'CHANGE_NOT_FOUND', { id = tonumber(reverts) }) end
  local m = {}
  local kv = e[1][2]
  for i = 1, #kv, 2 do m[kv[i]] = kv[i + 1] end
  if m.rv ~= '' or redis.call('HEXISTS', P .. 'vchg:rev', reverts) == 1 then
    return err(409, 'ALREADY_REVERTED', { id = tonumber(reverts) })
  end
  -- A correction of the reference data (area-edit.lua) is undone by editing the area again.
  if m.r == 'correction' then return err(409, 'NOT_REVERTIBLE', { id = tonumber(reverts) }) end
  areaId, reason = m.a, m.r
  dNa, dPc, dCc = 0 - tonumber(m.na), 0 - tonumber(m.pc), 0 - tonumber(m.cc) -- never -0
end

local v = redis.call('HMGET', P .. 'area:' .. areaId, 'reg', 'regpc', 'regcc', 'voted', 'rep', 'full', 'last', 'seq',
  'close', 'commune', 'province', 'una', 'upc', 'ucc')
if not v[1] then return err(404, 'AREA_NOT_FOUND', { pollingAreaId = areaId }) end
local reg, regpc, regcc, voted = tonumber(v[1]), tonumber(v[2]) or tonumber(v[1]), tonumber(v[3]), tonumber(v[4])
local rep, full, last, seq, close = tonumber(v[5]), tonumber(v[6]), tonumber(v[7]), tonumber(v[8]), tonumber(v[9])
local com, prov, una, upc, ucc = v[10], v[11], v[12], v[13], v[14]

if effMs > close or (live and nowMs > close) then
  return err(422, 'POLLS_CLOSED', { closesAt = close })
end
if live and effMs > nowMs + maxFuture then return err(422, 'CHANGE_IN_FUTURE', { serverTime = nowMs }) end
local nReg, nPc, nCc = reg + dNa, regpc + dPc, regcc + dCc
if nReg < voted then return err(409, 'REGISTERED_BELOW_VOTED', { registered = nReg, voted = voted }) end
if nPc < 0 or nCc < 0 or nPc > nReg or nCc > nReg then
  return err(422, 'CONTEST_EXCEEDS_LIST', { na = nReg, pc = nPc, cc = nCc })
end

-- The change's number; the audit entry is appended before any other write (docs/decisions/0005).
local id = (tonumber(redis.call('GET', P .. 'vchg:seq')) or 0) + 1
local idStr = tostring(id)
local sign = dNa >= 0 and '+' or ''
auditAppend(P .. 'audit', P .. 'audit:head', { {
  ts = nowStr, who = who, role = role, act = reverts ~= '' and 'voters:revert' or 'voters:change', ip = ip,
  target = 'area:' .. areaId, outcome = 'ok',
  detail = reason .. ' ' .. sign .. dNa .. '/' .. dPc .. '/' .. dCc .. ' eff=' .. effStr .. ' change=' .. idStr ..
    (reverts ~= '' and (' reverts=' .. reverts) or ''),
} })
redis.call('SET', P .. 'vchg:seq', id)

-- The area.
local nFull = (nReg > 0 and voted == nReg) and 1 or 0
local dFull = nFull - full
seq = seq + 1
redis.call('HSET', P .. 'area:' .. areaId, 'reg', nReg, 'regpc', nPc, 'regcc', nCc, 'full', nFull, 'seq', seq)
if dFull ~= 0 then redis.call('ZADD', P .. 'lastrep', nFull == 1 and 'inf' or last, areaId) end

-- Units: registered per contest, and the pro-rata commune-council voted estimate (ingest.lua's ccShare).
if dNa ~= 0 then redis.call('HINCRBY', P .. 'ureg:na', una, dNa) end
if dPc ~= 0 then redis.call('HINCRBY', P .. 'ureg:pc', upc, dPc) end
if dCc ~= 0 then redis.call('HINCRBY', P .. 'ureg:cc', ucc, dCc) end
local function ccShare(r, rcc) if r == 0 then return 0 end return math.floor(voted * rcc / r) end
local dShare = ccShare(nReg, nCc) - ccShare(reg, regcc)
if dShare ~= 0 then redis.call('HINCRBY', P .. 'uvoted:cc', ucc, dShare) end

-- Commune, province, nation: figures in FIGURE_FIELDS order.
local FIELDS = { 'reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last', 'seq' }
local function load(scope)
  local x = redis.call('HMGET', P .. 'agg:' .. scope, unpack(FIELDS))
  local f = {}
  for i = 1, #FIELDS do f[i] = tonumber(x[i]) or 0 end
  return f
end
local cf, pf, nf = load('commune:' .. com), load('province:' .. prov), load('nation')
local wasComFull = (cf[1] > 0 and cf[3] == cf[1]) and 1 or 0
cf[1] = cf[1] + dNa; cf[2] = cf[2] + dCc; cf[6] = cf[6] + dFull
local isComFull = (cf[1] > 0 and cf[3] == cf[1]) and 1 or 0
cf[8] = isComFull
local dComFull = isComFull - wasComFull
for _, f in ipairs({ pf, nf }) do
  f[1] = f[1] + dNa; f[2] = f[2] + dCc; f[6] = f[6] + dFull; f[8] = f[8] + dComFull
end
local areaFigs = table.concat({ nReg, nCc, voted, 1, rep, nFull, 0, 0, last, seq }, ',')
local notes = {}
for _, s in ipairs({ { 'commune:' .. com, cf, areaId, areaFigs }, { 'province:' .. prov, pf, com, nil },
  { 'nation', nf, prov, nil } }) do
  local scope, f, kid = s[1], s[2], s[3]
  f[10] = f[10] + 1
  redis.call('HSET', P .. 'agg:' .. scope, 'reg', f[1], 'regcc', f[2], 'full', f[6], 'comfull', f[8], 'seq', f[10])
  local kidFigs = s[4] or table.concat(scope == 'nation' and pf or cf, ',')
  local body = f[10] .. '\t' .. table.concat(f, ',') .. '\t' .. kid .. ':' .. kidFigs
  redis.call('XADD', P .. 'log:' .. scope, 'MAXLEN', '~', logMax, f[10] .. '-0', 'f', f[10], 'k', kid)
  notes[#notes + 1] = scope .. '\t' .. body .. '\t' .. rid
end
notes[#notes + 1] = 'area:' .. areaId .. '\t' .. seq .. '\t' .. areaFigs .. '\t\t'
redis.call('PUBLISH', P .. 'updates', table.concat(notes, '\n'))

-- The change log, the area's list of changes, the revert link and the idempotency record.
redis.call('XADD', P .. 'vchg', idStr .. '-0', 'a', areaId, 'c', com, 'p', prov, 'r', reason, 'na', dNa, 'pc', dPc,
  'cc', dCc, 'e', effStr, 't', nowStr, 'by', who, 'note', note, 'rv', reverts, 'k', key,
  'rg', nReg .. ',' .. nPc .. ',' .. nCc)
redis.call('RPUSH', P .. 'vchg:area:' .. areaId, id)
if reverts ~= '' then redis.call('HSET', P .. 'vchg:rev', reverts, id) end
redis.call('HSET', P .. 'vchg:idem', key, bodyHash .. ' ' .. idStr)
return 'OK\t' .. idStr
