-- One atomic step per turnout report or correction: claim the idempotency key, validate against the
-- area's current state, store, update the aggregates of commune, province and nation (and the area's
-- electoral units), append to the per-scope logs and the area's history, and publish one notification.
-- Nothing is written unless every check passes, so a rejection leaves Redis untouched.
--
-- All keys share the hash tag {election}, so they live in one slot (Redis Cluster-safe placement).
-- ARGV: 1 prefix ("ecc:{E}:"), 2 areaId, 3 voted, 4 atMs, 5 idemKey, 6 bodyHash, 7 kind,
--       8 reason, 9 reporter, 10 nowMs, 11 maxFutureMs (-1 = no check), 12 logMaxLen, 13 bucketMs,
--       14 atIso, 15 nowIso, 16 requestId
local P, areaId = ARGV[1], ARGV[2]
local voted, atMs = tonumber(ARGV[3]), tonumber(ARGV[4])
local idemKey, bodyHash, kind, reason, reporter = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local nowMs, maxFuture, logMax, bucketMs = tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12], tonumber(ARGV[13])
local atIso, nowIso, rid = ARGV[14], ARGV[15], ARGV[16]

local function reject(status, code, detail)
  return cjson.encode({ ok = false, status = status, code = code, detail = detail })
end

local areaKey = P .. 'area:' .. areaId
local a = redis.call('HMGET', areaKey, 'reg', 'regcc', 'voted', 'rep', 'full', 'last', 'seq',
  'open', 'close', 'commune', 'province', 'una', 'upc', 'ucc')
if not a[1] then return reject(404, 'AREA_NOT_FOUND', { pollingAreaId = areaId }) end
local reg, regcc, curVoted, rep, full = tonumber(a[1]), tonumber(a[2]), tonumber(a[3]), tonumber(a[4]), tonumber(a[5])
local last, areaSeq, open, close = tonumber(a[6]), tonumber(a[7]), tonumber(a[8]), tonumber(a[9])
local com, prov = a[10], a[11]

-- Idempotency: the same key with the same body answers the original response; another body is refused.
local idemHash = P .. 'idem:' .. areaId
local prior = redis.call('HGET', idemHash, idemKey)
if prior then
  local sep = string.find(prior, '\n', 1, true)
  if string.sub(prior, 1, sep - 1) == bodyHash then
    return cjson.encode({ ok = true, replayed = true, response = string.sub(prior, sep + 1) })
  end
  return reject(422, 'IDEMPOTENCY_KEY_REUSED', { idempotencyKey = idemKey })
end

if voted > reg then return reject(422, 'VOTED_EXCEEDS_REGISTERED', { registered = reg, voted = voted }) end
if atMs < open or atMs > close then
  return reject(422, 'OUTSIDE_VOTING_WINDOW', { opensAt = open, closesAt = close })
end
if maxFuture >= 0 and atMs > nowMs + maxFuture then return reject(422, 'REPORT_IN_FUTURE', { serverTime = nowIso }) end
if kind == 'report' and rep == 1 then
  if atMs < last then return reject(409, 'STALE_REPORT', { lastAt = last, lastVoted = curVoted }) end
  if voted < curVoted then return reject(409, 'DECREASING_COUNT', { lastVoted = curVoted, lastAt = last }) end
  if atMs == last and voted ~= curVoted then
    return reject(409, 'CONFLICTING_REPORT', { lastVoted = curVoted, lastAt = last })
  end
end

-- Every check passed: from here on, write.
local dVoted = voted - curVoted
local dRep = 1 - rep
local newFull = (reg > 0 and voted == reg) and 1 or 0
local dFull = newFull - full
local newLast = math.max(last, atMs)
areaSeq = areaSeq + 1
redis.call('HSET', areaKey, 'voted', voted, 'rep', 1, 'full', newFull, 'last', newLast, 'seq', areaSeq)

-- Electoral units: commune-council eligibility differs (§1.3), so its voters are estimated pro rata
-- until counting records give the exact per-contest figure.
local function ccShare(v) if reg == 0 then return 0 end return math.floor(v * regcc / reg) end
if dVoted ~= 0 then
  redis.call('HINCRBY', P .. 'uvoted:na', a[12], dVoted)
  redis.call('HINCRBY', P .. 'uvoted:pc', a[13], dVoted)
  local dcc = ccShare(voted) - ccShare(curVoted)
  if dcc ~= 0 then redis.call('HINCRBY', P .. 'uvoted:cc', a[14], dcc) end
end
-- Silence tracking: an area at 100 % cannot fall silent.
redis.call('ZADD', P .. 'lastrep', newFull == 1 and 'inf' or newLast, areaId)

local FIELDS = { 'reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last', 'seq' }
local function readAgg(key)
  local v = redis.call('HMGET', key, unpack(FIELDS))
  local out = {}
  for i = 1, #FIELDS do out[i] = tonumber(v[i]) or 0 end
  return out
end

-- Commune first: whether it reaches (or leaves) 100 % feeds its province and the nation.
local comKey, provKey, natKey = P .. 'agg:commune:' .. com, P .. 'agg:province:' .. prov, P .. 'agg:nation'
local c = readAgg(comKey)
local comWasFull = (c[1] > 0 and c[3] == c[1]) and 1 or 0
c[3] = c[3] + dVoted; c[5] = c[5] + dRep; c[6] = c[6] + dFull; c[9] = math.max(c[9], newLast); c[10] = c[10] + 1
local comIsFull = (c[1] > 0 and c[3] == c[1]) and 1 or 0
c[8] = comIsFull
local dComFull = comIsFull - comWasFull

local function bump(key)
  local f = readAgg(key)
  f[3] = f[3] + dVoted; f[5] = f[5] + dRep; f[6] = f[6] + dFull; f[8] = f[8] + dComFull
  f[9] = math.max(f[9], newLast); f[10] = f[10] + 1
  return f
end
local p, n = bump(provKey), bump(natKey)

local function save(key, f) redis.call('HSET', key, 'voted', f[3], 'rep', f[5], 'full', f[6], 'comfull', f[8], 'last', f[9], 'seq', f[10]) end
save(comKey, c); save(provKey, p); save(natKey, n)

local areaFig = { reg, regcc, voted, 1, 1, newFull, 0, 0, newLast, areaSeq }

-- Turnout through the day: the scope's figures as of the report's time bucket, with the denominator.
local bucket = math.floor(newLast / bucketMs) * bucketMs
local function series(scope, f)
  redis.call('HSET', P .. 'series:' .. scope, bucket, f[3] .. ',' .. f[1] .. ',' .. f[5] .. ',' .. f[6])
end
series('nation', n); series('province:' .. prov, p); series('commune:' .. com, c)

-- Per-scope logs: entry id = the scope's sequence number, so a client resyncs with XRANGE (lastSeq+1).
local function log(scope, f, child, cf)
  redis.call('XADD', P .. 'log:' .. scope, 'MAXLEN', '~', logMax, f[10] .. '-0',
    'd', cjson.encode({ f = f, c = child, cf = cf }))
end
log('nation', n, prov, p)
log('province:' .. prov, p, com, c)
log('commune:' .. com, c, areaId, areaFig)

-- The area's report history: every accepted report and correction, never overwritten.
redis.call('XADD', P .. 'hist:' .. areaId, areaSeq .. '-0', 'kind', kind, 'voted', voted, 'at', atMs,
  'atIso', atIso, 'rx', nowMs, 'by', reporter, 'key', idemKey, 'reason', reason, 'rid', rid)

local response = cjson.encode({ pollingAreaId = areaId, voted = voted, at = atIso, kind = kind,
  areaSeq = areaSeq, receivedAt = nowIso })
redis.call('HSET', idemHash, idemKey, bodyHash .. '\n' .. response)

redis.call('PUBLISH', P .. 'updates', cjson.encode({
  a = areaId, c = com, p = prov, n = n, pf = p, cf = c, af = areaFig, r = rid }))

return cjson.encode({ ok = true, replayed = false, response = response })
