-- One triage step on an incident, atomically: checks (state, version, claim), the new current state, the event
-- appended to the incident's stream, counts, audit entry, notification. The allowed source states come from the
-- shared state machine (shared/src/domain/incident-states.ts) so the rule lives in one place and is checked here
-- at the instant of the write.
-- ARGV: 1 prefix, 2 nowMs, 3 id, 4 type, 5 who, 6 role, 7 client address, 8 expected version ('' = any),
-- 9 allowed source states (space-separated), 10 arg (target state, original id, severity, assignee JSON,
-- 'takeover'/'any'), 11 event data (JSON). Returns "OK\t<version>" or "ER\t<json>".
--#include audit-chain
--#include incident-lib
local P, now, id, etype, who, role, ip = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local expected, allowed, arg, data = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local key = P .. 'inc:' .. id

local cur = redis.call('HMGET', key, 'state', 'sev', 'v', 'claim', 'scopes', 'ack')
if not cur[1] then return errReply('INCIDENT_NOT_FOUND') end
local state, sev, version, claim, scopes = cur[1], cur[2], tonumber(cur[3]), cur[4], splitWords(cur[5])
if expected ~= '' and tonumber(expected) ~= version then
  return errReply('INCIDENT_CHANGED', { version = version })
end
local function stateAllowed()
  for _, s in ipairs(splitWords(allowed)) do if s == state then return true end end
  return false
end
local final = state == 'closed' or state == 'duplicate'

local sets, dels, touched, allScopes, original = {}, {}, { id }, scopes, nil
if etype == 'transition' then
  if not stateAllowed() then return errReply('INVALID_TRANSITION', { from = state, to = arg }) end
  sets = { 'state', arg }
  if state == 'new' and not cur[6] then sets[#sets + 1] = 'ack'; sets[#sets + 1] = now end
  if arg == 'resolved' then sets[#sets + 1] = 'resolved'; sets[#sets + 1] = now end
  if arg == 'closed' then sets[#sets + 1] = 'closed'; sets[#sets + 1] = now end
  if state == 'resolved' and arg == 'in-progress' then dels = { 'resolved' } end
elseif etype == 'duplicate' then
  if not stateAllowed() then return errReply('INVALID_TRANSITION', { from = state, to = 'duplicate' }) end
  original = arg
  if original == id then return errReply('INVALID_TRANSITION', { from = state, to = 'duplicate' }) end
  local o = redis.call('HMGET', P .. 'inc:' .. original, 'state', 'scopes', 'dupof')
  if not o[1] then return errReply('INCIDENT_NOT_FOUND', { field = 'of' }) end
  -- Merge into the real original, never into another duplicate (one hop: duplicates point at originals only).
  if o[1] == 'duplicate' then return errReply('INVALID_TRANSITION', { from = state, to = 'duplicate', of = o[3] }) end
  sets = { 'state', 'duplicate', 'dupof', original }
  if state == 'new' and not cur[6] then sets[#sets + 1] = 'ack'; sets[#sets + 1] = now end
  touched[2] = original
  allScopes = {}
  for _, s in ipairs(scopes) do allScopes[#allScopes + 1] = s end
  for _, s in ipairs(splitWords(o[2])) do allScopes[#allScopes + 1] = s end
elseif etype == 'claim' then
  if final or state == 'rejected' then return errReply('INVALID_TRANSITION', { from = state, to = 'claim' }) end
  if claim and claim ~= '' and claim ~= who and arg ~= 'takeover' then
    return errReply('ALREADY_CLAIMED', { by = claim })
  end
  sets = { 'claim', who, 'claimat', now }
elseif etype == 'unclaim' then
  if not claim or claim == '' then return errReply('INVALID_TRANSITION', { from = state, to = 'unclaim' }) end
  if claim ~= who and arg ~= 'any' then return errReply('ALREADY_CLAIMED', { by = claim }) end
  dels = { 'claim', 'claimat' }
elseif etype == 'assign' then
  if final then return errReply('INVALID_TRANSITION', { from = state, to = 'assign' }) end
  if arg == '' then dels = { 'assignee' } else sets = { 'assignee', arg } end
elseif etype == 'severity' then
  if final then return errReply('INVALID_TRANSITION', { from = state, to = 'severity' }) end
  sets = { 'sev', arg }
elseif etype ~= 'comment' then
  return errReply('INVALID_TRANSITION', { to = etype })
end

auditAppend(P .. 'audit', P .. 'audit:head', { { ts = now, who = who, role = role, act = 'incident:' .. etype,
  ip = ip, target = id, outcome = 'ok', detail = data } })

version = version + 1
sets[#sets + 1] = 'v'; sets[#sets + 1] = version
sets[#sets + 1] = 'updated'; sets[#sets + 1] = now
redis.call('HSET', key, unpack(sets))
if #dels > 0 then redis.call('HDEL', key, unpack(dels)) end
appendEvent(P, id, version, etype, now, who, role, data)

if etype == 'transition' then moveCount(P, scopes, state .. ':' .. sev, arg .. ':' .. sev) end
if etype == 'duplicate' then moveCount(P, scopes, state .. ':' .. sev, 'duplicate:' .. sev) end
if etype == 'severity' then moveCount(P, scopes, state .. ':' .. sev, state .. ':' .. arg) end

if original then
  -- The original keeps the list of what was merged into it, and its own timeline says so.
  local okey = P .. 'inc:' .. original
  local dupes = redis.call('HGET', okey, 'dupes')
  local list = (dupes and dupes ~= '') and cjson.decode(dupes) or {}
  list[#list + 1] = id
  local ov = redis.call('HINCRBY', okey, 'v', 1)
  redis.call('HSET', okey, 'dupes', cjson.encode(list), 'updated', now)
  appendEvent(P, original, ov, 'merged', now, who, role, cjson.encode({ duplicate = id }))
end

announce(P, allScopes, touched)
return 'OK\t' .. version
