-- Files one incident atomically: idempotency claim, number, current state, first event, scope indexes and
-- counts, audit entry, notification. ARGV: 1 prefix "ecc:{E}:", 2 nowMs, 3 idempotency field ('' = none),
-- 4 body hash, 5 province code, 6 scopes (space-separated), 7 who, 8 role, 9 client address, 10 event data
-- (JSON), then field/value pairs of the incident hash. Returns "OK\t<id>", "RP\t<id>" (a retry of an incident
-- already filed) or "ER\t<json>".
--#include audit-chain
--#include incident-lib
local P, now, idem, bodyHash, province = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local scopes = splitWords(ARGV[6])
local who, role, ip, data = ARGV[7], ARGV[8], ARGV[9], ARGV[10]

if idem ~= '' then
  local prior = redis.call('HGET', P .. 'incidem', idem)
  if prior then
    local h, id = string.match(prior, '^(%S+) (%S+)$')
    if h == bodyHash then return 'RP\t' .. id end
    return errReply('IDEMPOTENCY_KEY_REUSED')
  end
end

-- The number: province, counter (at least 4 digits), Luhn check digit (shared/src/domain/incident-number.ts).
local n = redis.call('HINCRBY', P .. 'incno', province, 1)
local digits = province .. string.format('%04d', n)
local sum = 0
for i = 0, #digits - 1 do
  local d = tonumber(string.sub(digits, #digits - i, #digits - i))
  if i % 2 == 0 then d = d * 2; if d > 9 then d = d - 9 end end
  sum = sum + d
end
local id = province .. '-' .. string.format('%04d', n) .. ((10 - sum % 10) % 10)

local fields, severity = {}, nil
for i = 11, #ARGV, 2 do
  fields[#fields + 1] = ARGV[i]; fields[#fields + 1] = ARGV[i + 1]
  if ARGV[i] == 'sev' then severity = ARGV[i + 1] end
end

-- The audit entry first: if Redis refuses it, nothing else of the incident is written (decision 0005).
auditAppend(P .. 'audit', P .. 'audit:head', { { ts = now, who = who, role = role, act = 'incident:report', ip = ip,
  target = id, outcome = 'ok', detail = data } })

local key = P .. 'inc:' .. id
redis.call('HSET', key, 'id', id, 'state', 'new', 'created', now, 'updated', now, 'v', 1, 'scopes', ARGV[6],
  'reporter', who, 'rrole', role, unpack(fields))
appendEvent(P, id, 1, 'created', now, who, role, data)
for _, scope in ipairs(scopes) do redis.call('ZADD', P .. 'incidx:' .. scope, now, id) end
moveCount(P, scopes, nil, 'new:' .. severity)
if idem ~= '' then redis.call('HSET', P .. 'incidem', idem, bodyHash .. ' ' .. id) end
announce(P, scopes, { id })
return 'OK\t' .. id
