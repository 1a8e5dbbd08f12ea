-- One atomic step for one counting write (election-vn.md §2.5–2.7; docs/decisions/0007-counting-records.md):
-- a team marks counting begun, submits a record (a first version or a correction), or the Election Board confirms
-- or returns a version. In one step: claim the idempotency key, check polls closed and the state machine, append
-- the audit entry, the record's history line and its new state, move the totals of its unit, commune, province and
-- the nation for its contest by the difference between what the record counted before and after, append one log
-- entry per scope and one results-log entry (media feed), and publish. A refused write writes nothing.
--
-- What counts: records submitted or confirmed count in the provisional totals (voters … invalid, candidate votes
-- `p:<id>`); confirmed ones also in the confirmed totals (cvoters … cinvalid, `c:<id>`). Returned records count in
-- neither until a new version is submitted.
--
-- ARGV: 1 prefix, 2 op (progress|submit|decide), 3 areaId, 4 contest, 5 idemKey, 6 bodyHash, 7 nowMs, 8 atMs,
-- 9 pollsCloseMs, 10 maxFutureMs (-1: none), 11 logMaxLen, 12 who, 13 role, 14 ip, 15 requestId, 16 reason,
-- 17 version ('' or n: the version a correction replaces, or the one a decision is about), 18 atIso,
-- 19 action (decide: confirm|return) or numbers (submit: voters,voted,issued,received,valid,invalid),
-- 20 candidate votes (submit: id=v;id=v), 21 flags (submit: A,B), 22 record JSON (submit), 23 results-log maxlen.
-- Returns "OK\t<version> <state> <receivedMs> <flags>", "RP\t<the same as first answered>" or "ER\t<json>".
--#include audit-chain
--#include count-lib
local P, op, area, contest, key, bodyHash = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local nowMs, atMs, closeMs, maxFuture = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local logMax, who, role, ip, rid, reason = tonumber(ARGV[11]), ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16]
local version, atIso = tonumber(ARGV[17]), ARGV[18]

local function err(status, code, detail)
  return 'ER\t' .. cjson.encode({ status = status, code = code, detail = detail })
end

local a = redis.call('HMGET', P .. 'area:' .. area, 'commune', 'province', 'una', 'upc', 'ucc', 'full')
if not a[1] then return err(404, 'AREA_NOT_FOUND', { pollingAreaId = area }) end
local unit = ({ na = a[3], pc = a[4], cc = a[5] })[contest]
local prior = redis.call('HGET', P .. 'cidem:' .. area, key)
if prior then
  local sep = string.find(prior, '\t', 1, true)
  -- Claims written before hashes were cut to 16 characters hold the whole hash: its start is the same.
  if string.sub(prior, 1, math.min(sep - 1, #bodyHash)) == bodyHash then return 'RP\t' .. string.sub(prior, sep + 1) end
  return err(422, 'IDEMPOTENCY_KEY_REUSED', { idempotencyKey = key })
end
if atMs < closeMs and a[6] ~= '1' then return err(409, 'POLLS_NOT_CLOSED', { closesAt = closeMs }) end
if maxFuture >= 0 and atMs > nowMs + maxFuture then return err(422, 'REPORT_IN_FUTURE', { serverTime = nowMs }) end

local recKey = P .. 'crec:' .. area .. ':' .. contest
-- Candidate votes are kept as `~01=v;02=v` when every id is the unit's `c-<unit>-NN` (counting-codec.ts): the
-- record's hash then stays within Redis's 64-byte listpack values (a hashtable costs ~3× as much).
local function packCands(s, u)
  local pre, out = 'c-' .. u .. '-', {}
  for kv in string.gmatch(s, '[^;]+') do
    if string.sub(kv, 1, #pre) ~= pre then return s end
    out[#out + 1] = string.sub(kv, #pre + 1)
  end
  return #out > 0 and ('~' .. table.concat(out, ';')) or s
end
local function unpackCands(s, u)
  if string.sub(s, 1, 1) ~= '~' then return s end
  local pre, out = 'c-' .. u .. '-', {}
  for kv in string.gmatch(string.sub(s, 2), '[^;]+') do out[#out + 1] = pre .. kv end
  return table.concat(out, ';')
end

local r = redis.call('HMGET', recKey, 'st', 'ver', 'nums', 'cands', 'flags', 'seq', 'reopened', 'unit')
local st, ver, nums, flags = r[1] or 'not-started', tonumber(r[2]) or 0, r[3] or '', r[5] or ''
local cands = unpackCands(r[4] or '', r[8] or unit)
local recSeq, reopened = (tonumber(r[6]) or 0) + 1, r[7] == '1'
local newSt, newVer, newNums, newCands, newFlags = st, ver, nums, cands, flags
local act

if op == 'progress' then
  if st ~= 'not-started' and st ~= 'counting' and st ~= 'returned' then
    return err(409, 'COUNTING_ALREADY_SUBMITTED', { state = st, version = ver })
  end
  newSt, act = 'counting', 'counting:progress'
elseif op == 'submit' then
  if st == 'confirmed' then return err(409, 'RECORD_CONFIRMED', { version = ver }) end
  if ver > 0 and reason == '' then return err(409, 'RECORD_EXISTS', { version = ver, state = st }) end
  if (version or 0) ~= ver then return err(409, 'VERSION_CONFLICT', { version = ver, state = st }) end
  newSt, newVer, newNums, newCands, newFlags = 'submitted', ver + 1, ARGV[19], ARGV[20], ARGV[21]
  -- A record the board had confirmed and then returned keeps that mark on every later version.
  if reopened then newFlags = newFlags == '' and 'CHANGED_AFTER_CONFIRMATION' or newFlags .. ',CHANGED_AFTER_CONFIRMATION' end
  act = ver == 0 and 'counting:submit' or 'counting:correct'
else
  local action = ARGV[19]
  if ver == 0 then return err(409, 'RECORD_NOT_SUBMITTED', { state = st }) end
  if version ~= ver then return err(409, 'VERSION_CONFLICT', { version = ver, state = st }) end
  if action == 'confirm' then
    if st ~= 'submitted' then return err(409, 'RECORD_NOT_SUBMITTED', { state = st, version = ver }) end
    newSt = 'confirmed'
  else
    if st ~= 'submitted' and st ~= 'confirmed' then return err(409, 'RECORD_NOT_SUBMITTED', { state = st, version = ver }) end
    if st == 'confirmed' then reopened = true end
    newSt = 'returned'
  end
  act = 'counting:' .. action
end

local nowStr = ARGV[7]
local answer = newVer .. ' ' .. newSt .. ' ' .. nowStr .. ' ' .. newFlags
-- The audit entry first: if Redis refuses it, nothing else is written (docs/decisions/0005).
auditAppend(P .. 'audit', P .. 'audit:head', { { ts = nowStr, who = who, role = role, act = act, ip = ip,
  target = 'area:' .. area .. '/' .. contest, outcome = 'ok',
  detail = 'v' .. newVer .. ' ' .. newSt .. (newFlags ~= '' and (' ' .. newFlags) or '') } })
redis.call('HSET', P .. 'cidem:' .. area, key, bodyHash .. '\t' .. answer)
if newSt == st and newVer == ver then return 'OK\t' .. answer end -- "counting" again: nothing moves

-- The record's history: every submission (with its full record) and every decision, oldest first.
redis.call('RPUSH', P .. 'chist:' .. area .. ':' .. contest, table.concat({ act, newVer, nowStr, who, role, atIso,
  newFlags, op == 'submit' and ARGV[22] or '', reason }, '\t'))
redis.call('HSET', recKey, 'st', newSt, 'ver', newVer, 'nums', newNums, 'cands', packCands(newCands, unit), 'flags', newFlags,
  'seq', recSeq, 'at', atMs, 'reopened', reopened and 1 or 0, 'unit', unit)

local before, after = contribution(st, nums, flags), contribution(newSt, newNums, newFlags)

local function votesOf(state, candStr, confirmedOnly)
  local out = {}
  if state == 'confirmed' or (state == 'submitted' and not confirmedOnly) then
    for _, kv in ipairs(split(candStr, ';')) do
      local eq = string.find(kv, '=', 1, true)
      out[string.sub(kv, 1, eq - 1)] = tonumber(string.sub(kv, eq + 1))
    end
  end
  return out
end

-- Moves one scope's totals by after − before, bumps its sequence, logs its figures and the changed child.
local notes = {}
local function move(scope, childId, childFigs)
  local k = P .. 'ctot:' .. contest .. ':' .. scope
  for i = 2, 18 do
    local d = after[i] - before[i]
    if d ~= 0 then redis.call('HINCRBY', k, FIELDS[i], d) end
  end
  local last = tonumber(redis.call('HGET', k, 'lastAt')) or 0
  if atMs > last then redis.call('HSET', k, 'lastAt', atMs) end
  local seq = redis.call('HINCRBY', k, 'seq', 1)
  local f = redis.call('HMGET', k, unpack(FIELDS))
  for i = 1, #f do f[i] = tonumber(f[i]) or 0 end
  local body = seq .. '\t' .. table.concat(f, ',') .. '\t' .. childId .. ':' .. childFigs
  -- The log keeps only which child changed at this sequence number (a list: item i is sequence number
  -- seq − LLEN + 1 + i; a stream per scope cost 4 KB of preallocated node even for ten entries). A resync reads
  -- the figures as they are now, in one script (count-since.lua): exactly the figures this write leaves.
  local lk = P .. 'clst:' .. contest .. ':' .. scope
  if redis.call('RPUSH', lk, childId) > logMax then redis.call('LTRIM', lk, -logMax, -1) end
  notes[#notes + 1] = 'count:' .. contest .. ':' .. scope .. '\t' .. body .. '\t' .. rid
  return table.concat(f, ',')
end

local areaFigs = {}
for i = 1, 18 do areaFigs[i] = after[i] end
areaFigs[19], areaFigs[20] = atMs, recSeq
local areaStr = table.concat(areaFigs, ',')
move('unit:' .. unit, area, areaStr)
-- The unit's candidate votes, provisional and confirmed.
local uk = P .. 'ctot:' .. contest .. ':unit:' .. unit
for _, layer in ipairs({ { 'p:', false }, { 'c:', true } }) do
  local old, new = votesOf(st, cands, layer[2]), votesOf(newSt, newCands, layer[2])
  for id, v in pairs(new) do
    local d = v - (old[id] or 0)
    if d ~= 0 then redis.call('HINCRBY', uk, layer[1] .. id, d) end
  end
  for id, v in pairs(old) do
    if new[id] == nil and v ~= 0 then redis.call('HINCRBY', uk, layer[1] .. id, -v) end
  end
end
local communeStr = move('commune:' .. a[1], area, areaStr)
local provinceStr = move('province:' .. a[2], a[1], communeStr)
move('nation', a[2], provinceStr)

-- The results log (media feed): one numbered entry per change, with what the record now counts. It keeps the
-- last ARGV[23] (a feed reader further behind is told so and takes the export: the state is in crec).
local n = redis.call('INCR', P .. 'cres:n')
local counted = (newSt == 'submitted' or newSt == 'confirmed') and newNums or ''
redis.call('XADD', P .. 'cres', 'MAXLEN', '~', ARGV[23], n .. '-0', 'area', area, 'contest', contest, 'unit', unit, 'state', newSt,
  'version', newVer, 'at', atIso, 'received', nowStr, 'nums', counted,
  'votes', counted ~= '' and newCands or '', 'flags', newFlags)
redis.call('PUBLISH', P .. 'updates', table.concat(notes, '\n'))
return 'OK\t' .. answer
