-- One atomic step for a batch of turnout reports or corrections (a single report is a batch of one).
-- Per item: claim the idempotency key, validate against the area's current state, and apply it in memory.
-- Then, once per batch: write each touched area, commune, province and the nation, the electoral units, the
-- silence index, the series buckets, one log entry per touched scope, the area histories and idempotency
-- records, and publish one notification. A rejected item writes nothing; the others are unaffected.
-- Writing each aggregate once per batch instead of once per item is what makes batches cheap.
--
-- All keys share the hash tag {election}, so they live in one slot (Redis Cluster-safe placement).
-- ARGV header: 1 prefix ("ecc:{E}:"), 2 nowMs, 3 maxFutureMs (-1 = no check), 4 logMaxLen, 5 bucketMs, 6 nowIso
-- then 12 fields per item: areaId, voted, atMs, idemKey, bodyHash, kind, reason, atIso, requestId, reporter,
-- reporter's role, client address (the last three for the history and the audit entries: single reports from
-- different reporters are committed together).
-- Returns one line per item: "OK\t<areaSeq>", "RP\t<areaSeq> <receivedMs> <atIso>" (the original acceptance) or
-- "ER\t<error json>". The caller builds the response body: Lua string building cost more than the writes.
-- An idempotency record is the area hash's field "i:<key>" = "<bodyHash> <areaSeq> <receivedMs> <atIso>": read
-- with the area's figures and written with them, it costs no command of its own (a hash per area cost two).
-- Audit: one entry per reporter (and role, address, kind) per call, binding the accepted items' history lines by
-- SHA-1 (`<area>#<seq>,… sha1=<hex>`; ops/audit-verify.ts checks the binding): one entry per item cost a quarter of
-- the whole step.
local P, nowMs, maxFuture, logMax, bucketMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
--#include audit-chain
local nowIso = ARGV[6]
local HEADER, PER_ITEM = 6, 12
local FIELDS = { 'reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last', 'seq' }

local areas, aggs, order = {}, {}, {}   -- touched state, read once, written once
local unitDelta = { na = {}, pc = {}, cc = {} }
local idemClaims, hist, audit, groups = {}, {}, {}, {}
local out = {}

local function err(status, code, detail)
  return 'ER\t' .. cjson.encode({ status = status, code = code, detail = detail })
end

-- `key`: the idempotency key of the item that first touches the area, read in the same HMGET.
local function loadArea(id, key)
  local a = areas[id]
  if a then return a end
  local v = redis.call('HMGET', P .. 'area:' .. id, 'reg', 'regcc', 'voted', 'rep', 'full', 'last', 'seq',
    'open', 'close', 'commune', 'province', 'una', 'upc', 'ucc', 'i:' .. key)
  if not v[1] then return nil end
  -- Strings are kept beside the numbers (…S): what is written back and published is formatted once, by the
  -- caller or Redis, never by Lua (number formatting was a fifth of the script's instructions).
  a = { reg = tonumber(v[1]), regcc = tonumber(v[2]), voted = tonumber(v[3]), rep = tonumber(v[4]),
    full = tonumber(v[5]), last = tonumber(v[6]), seq = tonumber(v[7]), open = tonumber(v[8]),
    close = tonumber(v[9]), com = v[10], prov = v[11], una = v[12], upc = v[13], ucc = v[14], id = id,
    regS = v[1], regccS = v[2], votedS = v[3], lastS = v[6], seqS = v[7],
    firstKey = key, firstClaim = v[15] or false, claims = {} }
  areas[id] = a
  return a
end

-- The idempotency record of (area, key), if any: this batch's claims first, then the one read with the area.
local function priorClaim(a, key)
  local c = idemClaims[a.id .. '\0' .. key]
  if c then return c end
  if key == a.firstKey then return a.firstClaim end
  return redis.call('HGET', P .. 'area:' .. a.id, 'i:' .. key)
end

-- A scope's figures, read on first touch; `from` is the first sequence number this batch gives it.
local function loadAgg(scope)
  local g = aggs[scope]
  if g then return g end
  local v = redis.call('HMGET', P .. 'agg:' .. scope, unpack(FIELDS))
  local f = {}
  for i = 1, #FIELDS do f[i] = tonumber(v[i]) or 0 end
  g = { f = f, from = f[10] + 1, kids = {}, kidOrder = {}, rids = {} }
  aggs[scope] = g
  order[#order + 1] = scope
  return g
end

local function ccShare(a, v) if a.reg == 0 then return 0 end return math.floor(v * a.regcc / a.reg) end
local function addUnit(contest, unit, d) unitDelta[contest][unit] = (unitDelta[contest][unit] or 0) + d end

-- Children are kept by reference and serialised at the end: a batch reports each child's final figures.
local function touch(g, childId, child, rid)
  if not g.kids[childId] then g.kidOrder[#g.kidOrder + 1] = childId end
  g.kids[childId] = child
  if rid ~= '' and #g.rids < 20 then g.rids[#g.rids + 1] = rid end
end

-- Applies an accepted item's deltas to an ancestor (province or nation).
local function bump(g, dVoted, dRep, dFull, dComFull, last)
  local f = g.f
  f[3] = f[3] + dVoted; f[5] = f[5] + dRep; f[6] = f[6] + dFull; f[8] = f[8] + dComFull
  if last > f[9] then f[9] = last end
  f[10] = f[10] + 1
end

-- Per item, numbers are turned into strings once (Lua's number formatting is dear): ARGV strings are reused.
local nowStr = ARGV[2]
local n = (#ARGV - HEADER) / PER_ITEM
for i = 0, n - 1 do
  local b = HEADER + i * PER_ITEM
  local id, votedStr, atStr = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3]
  local voted, atMs = tonumber(votedStr), tonumber(atStr)
  local key, bodyHash, kind, reason, atIso, rid = ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7], ARGV[b + 8], ARGV[b + 9]
  local reporter, role, ip = ARGV[b + 10], ARGV[b + 11], ARGV[b + 12]
  local a = loadArea(id, key)
  local prior = a and priorClaim(a, key)
  if not a then
    out[#out + 1] = err(404, 'AREA_NOT_FOUND', { pollingAreaId = id })
  elseif prior then
    local sep = string.find(prior, ' ', 1, true)
    if string.sub(prior, 1, sep - 1) == bodyHash then out[#out + 1] = 'RP\t' .. string.sub(prior, sep + 1)
    else out[#out + 1] = err(422, 'IDEMPOTENCY_KEY_REUSED', { idempotencyKey = key }) end
  elseif voted > a.reg then
    out[#out + 1] = err(422, 'VOTED_EXCEEDS_REGISTERED', { registered = a.reg, voted = voted })
  elseif atMs < a.open or atMs > a.close then
    out[#out + 1] = err(422, 'OUTSIDE_VOTING_WINDOW', { opensAt = a.open, closesAt = a.close })
  elseif maxFuture >= 0 and atMs > nowMs + maxFuture then
    out[#out + 1] = err(422, 'REPORT_IN_FUTURE', { serverTime = nowIso })
  elseif kind == 'report' and a.rep == 1 and atMs < a.last then
    out[#out + 1] = err(409, 'STALE_REPORT', { lastAt = a.last, lastVoted = a.voted })
  elseif kind == 'report' and a.rep == 1 and voted < a.voted then
    out[#out + 1] = err(409, 'DECREASING_COUNT', { lastVoted = a.voted, lastAt = a.last })
  elseif kind == 'report' and a.rep == 1 and atMs == a.last and voted ~= a.voted then
    out[#out + 1] = err(409, 'CONFLICTING_REPORT', { lastVoted = a.voted, lastAt = a.last })
  else
    -- Accepted: apply to the area, its units and its three ancestors, in memory.
    local dVoted, dRep = voted - a.voted, 1 - a.rep
    local newFull = (a.reg > 0 and voted == a.reg) and 1 or 0
    local dFull = newFull - a.full
    if dVoted ~= 0 then
      addUnit('na', a.una, dVoted); addUnit('pc', a.upc, dVoted)
      addUnit('cc', a.ucc, ccShare(a, voted) - ccShare(a, a.voted))
    end
    local first = not a.dirty
    if atMs >= a.last then a.last, a.lastS = atMs, atStr end
    a.voted, a.votedS, a.rep, a.full, a.seq = voted, votedStr, 1, newFull, a.seq + 1
    a.dirty = true

    -- The area's ancestors are looked up once per batch (a.c, a.p), not once per item.
    local c = a.c
    if not c then
      c = loadAgg('commune:' .. a.com)
      a.c, a.p = c, loadAgg('province:' .. a.prov)
    end
    local cf = c.f
    local wasFull = (cf[1] > 0 and cf[3] == cf[1]) and 1 or 0
    cf[3] = cf[3] + dVoted; cf[5] = cf[5] + dRep; cf[6] = cf[6] + dFull; cf[10] = cf[10] + 1
    if a.last > cf[9] then cf[9] = a.last end
    local isFull = (cf[1] > 0 and cf[3] == cf[1]) and 1 or 0
    cf[8] = isFull
    local dComFull = isFull - wasFull
    touch(c, id, a, rid)
    local p = a.p
    bump(p, dVoted, dRep, dFull, dComFull, a.last)
    touch(p, a.com, cf, rid)
    local nat = aggs['nation'] or loadAgg('nation')
    bump(nat, dVoted, dRep, dFull, dComFull, a.last)
    touch(nat, a.prov, p.f, rid)

    local seqStr = tostring(a.seq)
    a.seqS = seqStr
    if first then a.fromS = seqStr end
    local claim = bodyHash .. ' ' .. seqStr .. ' ' .. nowStr .. ' ' .. atIso
    idemClaims[id .. '\0' .. key] = claim
    local claims = a.claims
    claims[#claims + 1] = 'i:' .. key
    claims[#claims + 1] = claim
    -- The area's history line (format: store/history-codec.ts; reason last, it is free text).
    local line = table.concat({ seqStr, kind, votedStr, atStr, atIso, nowStr, reporter, key, rid, reason }, '\t')
    hist[#hist + 1] = { id, line }
    local gk = reporter .. '\0' .. role .. '\0' .. ip .. '\0' .. kind
    local g = groups[gk]
    if not g then
      g = { ts = nowStr, who = reporter, role = role, act = 'turnout:' .. kind, ip = ip, outcome = 'ok',
        first = id, refs = {}, lines = {} }
      groups[gk] = g
      audit[#audit + 1] = g
    end
    g.refs[#g.refs + 1] = id .. '#' .. seqStr
    g.lines[#g.lines + 1] = line
    out[#out + 1] = 'OK\t' .. seqStr
  end
end

-- An area's figures in FIGURE_FIELDS order (from its strings, once per batch); aggregates already are that array.
local function figs(x)
  if x.id then
    if not x.figs then
      x.figs = table.concat({ x.regS, x.regccS, x.votedS, '1', '1', x.full == 1 and '1' or '0', '0', '0', x.lastS,
        x.seqS }, ',')
    end
    return x.figs
  end
  return table.concat(x, ',')
end

-- The audit entries first, one per accepted item: Redis does not roll a script back, so the step most likely to
-- fail (an XADD refused because the stream was tampered with, or the first write under OOM) runs before any other
-- write. If it fails, the whole report fails and nothing else is written.
for _, g in ipairs(audit) do
  g.target = #g.refs == 1 and ('area:' .. g.first) or ('areas:' .. #g.refs)
  g.detail = table.concat(g.refs, ',') .. ' sha1=' .. redis.sha1hex(table.concat(g.lines, '\n'))
end
auditAppend(P .. 'audit', P .. 'audit:head', audit)

-- Write everything touched, once.
local lastrep = {}
for id, a in pairs(areas) do
  if a.dirty then
    redis.call('HSET', P .. 'area:' .. id, 'voted', a.votedS, 'rep', '1', 'full', a.full == 1 and '1' or '0',
      'last', a.lastS, 'seq', a.seqS, unpack(a.claims))
    -- Silence index: an area at 100 % cannot fall silent.
    lastrep[#lastrep + 1] = a.full == 1 and 'inf' or a.lastS
    lastrep[#lastrep + 1] = id
  end
end
if #lastrep > 0 then redis.call('ZADD', P .. 'lastrep', unpack(lastrep)) end
for contest, deltas in pairs(unitDelta) do
  for unit, d in pairs(deltas) do
    if d ~= 0 then redis.call('HINCRBY', P .. 'uvoted:' .. contest, unit, d) end
  end
end
for _, h in ipairs(hist) do redis.call('RPUSH', P .. 'hist:' .. h[1], h[2]) end

-- Each touched scope: its figures, its series bucket (figures as of its latest report, with the denominator),
-- and one log entry whose id is the scope's last sequence number and which records the first one it covers,
-- so a client resyncs with XRANGE (lastSeq+1). Plain "a,b,c" text: cjson costs more than the rest.
local notes = {}
for _, scope in ipairs(order) do
  local g = aggs[scope]
  local f = g.f
  redis.call('HSET', P .. 'agg:' .. scope, 'voted', f[3], 'rep', f[5], 'full', f[6], 'comfull', f[8], 'last', f[9], 'seq', f[10])
  redis.call('HSET', P .. 'series:' .. scope, math.floor(f[9] / bucketMs) * bucketMs, f[3] .. ',' .. f[1] .. ',' .. f[5] .. ',' .. f[6])
  local kids = {}
  for _, kid in ipairs(g.kidOrder) do kids[#kids + 1] = kid .. ':' .. figs(g.kids[kid]) end
  local body = g.from .. '\t' .. table.concat(f, ',') .. '\t' .. table.concat(kids, ';')
  -- The log names the changed children only; a resync reads their figures (turnout-since.lua, decision 0011).
  redis.call('XADD', P .. 'log:' .. scope, 'MAXLEN', '~', logMax, f[10] .. '-0', 'f', g.from, 'k',
    table.concat(g.kidOrder, ';'))
  notes[#notes + 1] = scope .. '\t' .. body .. '\t' .. table.concat(g.rids, ',')
end
-- Areas are scopes too: their own figures for area rooms (no log: an area's snapshot is always tiny).
for id, a in pairs(areas) do
  if a.dirty then
    notes[#notes + 1] = 'area:' .. id .. '\t' .. a.fromS .. '\t' .. figs(a) .. '\t\t'
  end
end
if #notes > 0 then redis.call('PUBLISH', P .. 'updates', table.concat(notes, '\n')) end

return table.concat(out, '\n')
