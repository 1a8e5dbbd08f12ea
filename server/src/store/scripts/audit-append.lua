-- Appends audit entries to one chain atomically. KEYS[1] stream, KEYS[2] head.
-- ARGV: 8 fields per entry, in AUDIT_FIELDS order. Returns the last seq.
--#include audit-chain
local entries = {}
for i = 1, #ARGV, 8 do
  entries[#entries + 1] = { ts = ARGV[i], who = ARGV[i + 1], role = ARGV[i + 2], act = ARGV[i + 3], ip = ARGV[i + 4],
    target = ARGV[i + 5], outcome = ARGV[i + 6], detail = ARGV[i + 7] }
end
auditAppend(KEYS[1], KEYS[2], entries)
return redis.call('HGET', KEYS[2], 'seq')
