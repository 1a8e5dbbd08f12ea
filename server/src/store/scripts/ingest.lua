-- One atomic step for a batch of turnout reports or corrections (a single report is a batch of one).
-- Per item: claim the idempotency key, validate against the area's current state, and apply it in memory.
-- Then, once per batch: write each touched area, commune, province and the nation, the electoral units, the
-- silence index, the series buckets, one log entry per touched scope, the area histories and idempotency
-- records, and publish one notification. A rejected item writes nothing; the others are unaffected.
-- Writing each aggregate once per batch instead of once per item is what makes batches cheap.
--
-- All keys share the hash tag {election}, so they live in one slot (Redis Cluster-safe placement).
-- ARGV header: 1 prefix ("ecc:{E}:"), 2 nowMs, 3 maxFutureMs (-1 = no check), 4 logMaxLen, 5 bucketMs, 6 nowIso,
-- 7 the number of senders S, then 4 fields per sender: requestId, reporter, reporter's role, client address (for
-- the history and the audit entries: single reports from different reporters are committed together), then 10
-- fields per item: areaId, voted, atMs, idemKey, bodyHash, kind, reason, atIso, sender number (1..S), the item's
-- place in its request ('#17' in a batch, '' for a single report: the history keeps request id + place).
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
local PER_ITEM = 10
local senders, HEADER = {}, 7 + 4 * tonumber(ARGV[7])
for i = 1, tonumber(ARGV[7]) do
  local b = 3 + 4 * i
  local rid, who, role, ip = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4]
  senders[tostring(i)] = { rid = rid, who = who, role = role, ip = ip, groups = {} }
end
local FIELDS = { 'reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last', 'seq' }

local areas, aggs, order = {}, {}, {}   -- touched state, read once, written once
local placeFacts, unitFacts, communeAggs, provinceAggs = {}, {}, {}, {}
local unitDelta = { na = {}, pc = {}, cc = {} }
local histIds, histLines, audit, groups = {}, {}, {}, {}
local out = {}

-- One result line per item, pieces pushed (no string per line): "OK\t<seq>", "RP\t…" or "ER\t<json>".
local function answer(line) out[#out + 1] = line; out[#out + 1] = '\n' end
local function refuse(status, code, detail)
  answer('ER\t' .. cjson.encode({ status = status, code = code, detail = detail }))
end

-- `key`: the idempotency key of the item that first touches the area, read in the same HMGET.
-- The area's static facts come packed in two fields, `w` ("open close commune province") and `u` ("una upc ucc"),
-- tab-separated, written by reference.store.ts and area-edit.lua beside the separate fields other readers use: each
-- field an HMGET names costs a listpack search and a reply string, and the fields of the hot path were half the
-- script. `rep` and `full` are derived (rep: a report was accepted, i.e. last > 0; full: voted = registered), as
-- every writer stores them.
local function loadArea(id, key)
  local a = areas[id]
  if a then return a end
  local k = P .. 'area:' .. id
  local ikey = 'i:' .. key
  local v = redis.call('HMGET', k, 'w', 'u', 'reg', 'regcc', 'voted', 'last', 'seq', ikey)
  if not v[3] then return nil end
  local w, u = v[1], v[2]
  if not w then -- an area stored before `w` and `u` existed
    local f = redis.call('HMGET', k, 'open', 'close', 'commune', 'province', 'una', 'upc', 'ucc')
    w, u = f[1] .. '\t' .. f[2] .. '\t' .. f[3] .. '\t' .. f[4], f[5] .. '\t' .. f[6] .. '\t' .. f[7]
  end
  -- Areas of a commune mostly share their facts: each distinct `w` and `u` is split once per batch.
  local fw = placeFacts[w]
  if not fw then
    local open, close, com, prov = string.match(w, '^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$')
    fw = { open = open + 0, close = close + 0, com = com, prov = prov }
    placeFacts[w] = fw
  end
  local fu = unitFacts[u]
  if not fu then
    local una, upc, ucc = string.match(u, '^([^\t]*)\t([^\t]*)\t([^\t]*)$')
    fu = { una = una, upc = upc, ucc = ucc }
    unitFacts[u] = fu
  end
  -- Strings are kept beside the numbers (…S): what is written back and published is formatted once, by the
  -- caller or Redis, never by Lua (number formatting was a fifth of the script's instructions). `x + 0` converts
  -- with one strtod; tonumber(x) runs it twice.
  local reg, voted, last = v[3] + 0, v[5] + 0, v[6] + 0
  local full = (reg > 0 and voted == reg) and 1 or 0
  local rep = last > 0 and 1 or 0
  a = { reg = reg, regcc = v[4] + 0, voted = voted, rep = rep, full = full, last = last, seq = v[7] + 0,
    open = fw.open, close = fw.close, com = fw.com, prov = fw.prov, una = fu.una, upc = fu.upc, ucc = fu.ucc,
    id = id, key = k, regS = v[3], regccS = v[4], votedS = v[5], lastS = v[6], seqS = v[7], lastS0 = v[6],
    rep0 = rep, full0 = full, firstKey = key, firstIKey = ikey, firstClaim = v[8] or false, claimed = {}, claims = {} }
  areas[id] = a
  return a
end

-- The idempotency record of (area, key), if any: this batch's claims first, then the one read with the area.
local function priorClaim(a, key)
  local c = a.claimed[key]
  if c then return c end
  if key == a.firstKey then return a.firstClaim end
  return redis.call('HGET', a.key, 'i:' .. key)
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

-- Children are kept by reference and serialised at the end: a batch reports each child's final figures. Called
-- when an area is first touched in the batch (for it, its commune and its province), not once per item.
local function addKid(g, childId, child)
  if not g.kids[childId] then
    g.kidOrder[#g.kidOrder + 1] = childId
    g.kids[childId] = child
  end
end

-- The requests behind a scope's update (for the servers' debug log): the first 20 distinct in a row.
local function addRid(g, rid)
  g.lastRid = rid
  if rid ~= '' and #g.rids < 20 then g.rids[#g.rids + 1] = rid end
end

local nat -- the nation's figures, loaded with the first accepted item

-- Per item, numbers are turned into strings once (Lua's number formatting is dear): ARGV strings are reused.
local nowStr = ARGV[2]
local n = (#ARGV - HEADER) / PER_ITEM
for i = 0, n - 1 do
  local b = HEADER + i * PER_ITEM
  local id, votedStr, atStr = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3]
  local voted, atMs = votedStr + 0, atStr + 0
  local key, bodyHash, kind, reason, atIso = ARGV[b + 4], ARGV[b + 5], ARGV[b + 6], ARGV[b + 7], ARGV[b + 8]
  local sender, part = senders[ARGV[b + 9]], ARGV[b + 10]
  local rid, reporter = sender.rid, sender.who
  local a = loadArea(id, key)
  local prior = a and priorClaim(a, key)
  if not a then
    refuse(404, 'AREA_NOT_FOUND', { pollingAreaId = id })
  elseif prior then
    local sep = string.find(prior, ' ', 1, true)
    if string.sub(prior, 1, sep - 1) == bodyHash then answer('RP\t' .. string.sub(prior, sep + 1))
    else refuse(422, 'IDEMPOTENCY_KEY_REUSED', { idempotencyKey = key }) end
  elseif voted > a.reg then
    refuse(422, 'VOTED_EXCEEDS_REGISTERED', { registered = a.reg, voted = voted })
  elseif atMs < a.open or atMs > a.close then
    refuse(422, 'OUTSIDE_VOTING_WINDOW', { opensAt = a.open, closesAt = a.close })
  elseif maxFuture >= 0 and atMs > nowMs + maxFuture then
    refuse(422, 'REPORT_IN_FUTURE', { serverTime = nowIso })
  elseif kind == 'report' and a.rep == 1 and atMs < a.last then
    refuse(409, 'STALE_REPORT', { lastAt = a.last, lastVoted = a.voted })
  elseif kind == 'report' and a.rep == 1 and voted < a.voted then
    refuse(409, 'DECREASING_COUNT', { lastVoted = a.voted, lastAt = a.last })
  elseif kind == 'report' and a.rep == 1 and atMs == a.last and voted ~= a.voted then
    refuse(409, 'CONFLICTING_REPORT', { lastVoted = a.voted, lastAt = a.last })
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
    local c, p = a.c, a.p
    if not c then
      c = communeAggs[a.com]
      if not c then c = loadAgg('commune:' .. a.com); communeAggs[a.com] = c end
      p = provinceAggs[a.prov]
      if not p then p = loadAgg('province:' .. a.prov); provinceAggs[a.prov] = p end
      nat = nat or loadAgg('nation')
      a.c, a.p = c, p
      addKid(c, id, a); addKid(p, a.com, c.f); addKid(nat, a.prov, p.f)
    end
    local last = a.last
    local cf = c.f
    local wasFull = (cf[1] > 0 and cf[3] == cf[1]) and 1 or 0
    cf[3] = cf[3] + dVoted; cf[5] = cf[5] + dRep; cf[6] = cf[6] + dFull; cf[10] = cf[10] + 1
    if last > cf[9] then cf[9] = last end
    local isFull = (cf[1] > 0 and cf[3] == cf[1]) and 1 or 0
    cf[8] = isFull
    local dComFull = isFull - wasFull
    -- The province and the nation move by the same deltas (written out: a call per ancestor per item cost more).
    local f = p.f
    f[3] = f[3] + dVoted; f[5] = f[5] + dRep; f[6] = f[6] + dFull; f[8] = f[8] + dComFull; f[10] = f[10] + 1
    if last > f[9] then f[9] = last end
    f = nat.f
    f[3] = f[3] + dVoted; f[5] = f[5] + dRep; f[6] = f[6] + dFull; f[8] = f[8] + dComFull; f[10] = f[10] + 1
    if last > f[9] then f[9] = last end
    if rid ~= c.lastRid then addRid(c, rid) end
    if rid ~= p.lastRid then addRid(p, rid) end
    if rid ~= nat.lastRid then addRid(nat, rid) end

    local seqStr = tostring(a.seq)
    a.seqS = seqStr
    if first then a.fromS = seqStr end
    local claim = bodyHash .. ' ' .. seqStr .. ' ' .. nowStr .. ' ' .. atIso
    a.claimed[key] = claim
    local claims = a.claims
    claims[#claims + 1] = key == a.firstKey and a.firstIKey or 'i:' .. key
    claims[#claims + 1] = claim
    -- The area's history line (format: store/history-codec.ts; reason last, it is free text).
    -- One concatenation expression builds one string (a table for table.concat cost a table and a buffer).
    local line = seqStr .. '\t' .. kind .. '\t' .. votedStr .. '\t' .. atStr .. '\t' .. atIso .. '\t' .. nowStr .. '\t'
      .. reporter .. '\t' .. key .. '\t' .. rid .. part .. '\t' .. reason
    histIds[#histIds + 1] = id
    histLines[#histLines + 1] = line
    local g = sender.groups[kind]
    if not g then
      -- One audit entry per reporter, role, address and kind: senders differing only by request id share it.
      local gk = reporter .. '\0' .. sender.role .. '\0' .. sender.ip .. '\0' .. kind
      g = groups[gk]
      if not g then
        g = { ts = nowStr, who = reporter, role = sender.role, act = 'turnout:' .. kind, ip = sender.ip,
          outcome = 'ok', first = id, refs = {}, count = 0, lines = {} }
        groups[gk] = g
        audit[#audit + 1] = g
      end
      sender.groups[kind] = g
    end
    local refs = g.refs
    refs[#refs + 1] = id; refs[#refs + 1] = '#'; refs[#refs + 1] = seqStr; refs[#refs + 1] = ','
    g.count = g.count + 1
    g.lines[#g.lines + 1] = line
    out[#out + 1] = 'OK\t'; out[#out + 1] = seqStr; out[#out + 1] = '\n'
  end
end

-- An area's figures in FIGURE_FIELDS order (from its strings, once per batch); aggregates already are that array.
local function figs(x)
  if x.id then
    if not x.figs then
      x.figs = x.regS .. ',' .. x.regccS .. ',' .. x.votedS .. (x.full == 1 and ',1,1,1,0,0,' or ',1,1,0,0,0,')
        .. x.lastS .. ',' .. x.seqS
    end
    return x.figs
  end
  return table.concat(x, ',')
end

-- The audit entries first, one per accepted item: Redis does not roll a script back, so the step most likely to
-- fail (an XADD refused because the stream was tampered with, or the first write under OOM) runs before any other
-- write. If it fails, the whole report fails and nothing else is written.
for _, g in ipairs(audit) do
  g.target = g.count == 1 and ('area:' .. g.first) or ('areas:' .. g.count)
  g.refs[#g.refs] = nil -- the last ','
  g.detail = table.concat(g.refs) .. ' sha1=' .. redis.sha1hex(table.concat(g.lines, '\n'))
end
auditAppend(P .. 'audit', P .. 'audit:head', audit)

-- Write everything touched, once.
local lastrep = {}
for id, a in pairs(areas) do
  if a.dirty then
    -- Only what changed: each field written costs a listpack search and its bytes in the AOF.
    local w = a.claims
    w[#w + 1] = 'voted'; w[#w + 1] = a.votedS; w[#w + 1] = 'seq'; w[#w + 1] = a.seqS
    if a.lastS ~= a.lastS0 then w[#w + 1] = 'last'; w[#w + 1] = a.lastS end
    if a.rep0 ~= 1 then w[#w + 1] = 'rep'; w[#w + 1] = '1' end
    if a.full ~= a.full0 then w[#w + 1] = 'full'; w[#w + 1] = a.full == 1 and '1' or '0' end
    redis.call('HSET', a.key, unpack(w))
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
for j = 1, #histIds do redis.call('RPUSH', P .. 'hist:' .. histIds[j], histLines[j]) end

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
-- Areas are scopes too (no log: an area's snapshot is always tiny). Their figures travel in their commune's line,
-- from which each server derives the area update [seq, seq] (update-codec.ts areaLinesOfCommunes); an area this
-- batch moved more than once gets a line of its own, with its whole range.
for id, a in pairs(areas) do
  if a.dirty and a.fromS ~= a.seqS then
    notes[#notes + 1] = 'area:' .. id .. '\t' .. a.fromS .. '\t' .. figs(a) .. '\t\t'
  end
end
if #notes > 0 then redis.call('PUBLISH', P .. 'updates', table.concat(notes, '\n')) end

out[#out] = nil -- the last '\n'
return table.concat(out)
