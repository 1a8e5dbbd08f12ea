-- Audit hash chain, included by every script that appends audit entries (see scripts.ts: `--#include`).
-- An entry's id is `<seq>-0` (seq = 1, 2, 3…), its `h` is SHA-1 over the previous entry's `h` and its own
-- fields, each length-prefixed so no two field lists hash alike. The head key holds the last seq and hash, so an
-- entry removed at the end is found too. Only redis.sha1hex exists inside Lua; see docs/decisions/0005.
local AUDIT_FIELDS = { 'ts', 'who', 'role', 'act', 'ip', 'target', 'outcome', 'detail' }

local function auditHash(prev, seq, e)
  local parts = { #prev .. ':' .. prev, #tostring(seq) .. ':' .. seq }
  for i = 1, #AUDIT_FIELDS do
    local v = tostring(e[AUDIT_FIELDS[i]] or '')
    parts[#parts + 1] = #v .. ':' .. v
  end
  return redis.sha1hex(table.concat(parts, '|'))
end

-- Appends entries (tables with AUDIT_FIELDS) to one stream and moves its head, in order.
local function auditAppend(stream, head, entries)
  if #entries == 0 then return end
  local h = redis.call('HMGET', head, 'seq', 'h')
  local seq, prev = tonumber(h[1]) or 0, h[2] or ''
  for _, e in ipairs(entries) do
    seq = seq + 1
    local hash = auditHash(prev, seq, e)
    redis.call('XADD', stream, seq .. '-0', 'ts', e.ts, 'who', e.who, 'role', e.role, 'act', e.act, 'ip', e.ip,
      'target', e.target, 'outcome', e.outcome, 'detail', e.detail, 'prev', prev, 'h', hash)
    prev = hash
  end
  redis.call('HSET', head, 'seq', seq, 'h', prev)
end
