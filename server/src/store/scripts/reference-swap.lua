-- Swaps staged reference data in, in one atomic step (issue 9: an import or a drill reset is all or nothing).
-- KEYS[1]  the election's `loaded` marker: routes the call to the election's slot (every key below shares its tag)
-- ARGV[1]  the election's current keys to remove, one per line (audit chain and photos are not listed: they stay)
-- ARGV[2]  the staged keys `ecc:{id}:~stage:…`, one per line, each renamed to `ecc:{id}:…`
-- The lists travel as two strings, not as KEYS: a national import has ~300,000 keys, more than a command's
-- argument list (or the client's stack) takes. They all carry the same hash tag as KEYS[1], so one slot holds them.
local removed, renamed = 0, 0
for k in string.gmatch(ARGV[1], '[^\n]+') do
  redis.call('UNLINK', k)
  removed = removed + 1
end
for k in string.gmatch(ARGV[2], '[^\n]+') do
  local final = string.gsub(k, '~stage:', '', 1)
  redis.call('RENAME', k, final)
  renamed = renamed + 1
end
return renamed
