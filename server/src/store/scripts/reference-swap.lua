-- Swaps staged reference data in, in one atomic step (issue 9: an import or a drill reset is all or nothing).
-- KEYS[1..n]   the election's current keys to remove (audit chain and photos are not passed: they are kept)
-- KEYS[n+1..]  the staged keys, `ecc:{id}:~stage:…`, each renamed to `ecc:{id}:…`
-- ARGV[1]      n
local n = tonumber(ARGV[1])
for i = 1, n do
  redis.call('UNLINK', KEYS[i])
end
for i = n + 1, #KEYS do
  local final = string.gsub(KEYS[i], '~stage:', '', 1)
  redis.call('RENAME', KEYS[i], final)
end
return #KEYS - n
