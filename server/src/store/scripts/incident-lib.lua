-- Shared by incident-create.lua and incident-event.lua (included with `--#include incident-lib`).
-- An incident is a hash (its current state) beside a stream of events (`<version>-0`, never rewritten); both,
-- the scope indexes and counts, the audit entry and the notification are written in one script.

-- Hash fields → a flat table for cjson (the fan-out turns it into an Incident with the shared converter).
local function hashTable(key)
  local flat = redis.call('HGETALL', key)
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

local function splitWords(s)
  local out = {}
  for w in string.gmatch(s or '', '%S+') do out[#out + 1] = w end
  return out
end

-- Moves one incident between `state:severity` buckets in each of its scopes.
local function moveCount(P, scopes, fromBucket, toBucket)
  for _, scope in ipairs(scopes) do
    local k = P .. 'inccount:' .. scope
    if fromBucket then redis.call('HINCRBY', k, fromBucket, -1) end
    if toBucket then redis.call('HINCRBY', k, toBucket, 1) end
  end
end

-- Raises each scope's incident sequence once and publishes the changed incidents with every scope's counts.
local function announce(P, scopes, ids)
  local seen, scopeInfo = {}, {}
  for _, scope in ipairs(scopes) do
    if not seen[scope] then
      seen[scope] = true
      local k = P .. 'inccount:' .. scope
      redis.call('HINCRBY', k, 'seq', 1)
      scopeInfo[scope] = hashTable(k)
    end
  end
  local incs = {}
  for _, id in ipairs(ids) do incs[#incs + 1] = hashTable(P .. 'inc:' .. id) end
  redis.call('PUBLISH', P .. 'incidents', cjson.encode({ incidents = incs, scopes = scopeInfo }))
end

local function appendEvent(P, id, version, etype, at, who, role, data)
  redis.call('XADD', P .. 'inc:' .. id .. ':events', version .. '-0', 'type', etype, 'at', at, 'who', who,
    'role', role, 'data', data)
end

local function errReply(code, detail)
  return 'ER\t' .. cjson.encode({ code = code, detail = detail or {} })
end
