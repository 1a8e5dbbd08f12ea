-- Replaces a string value only if it still holds what the caller read (a candidate list edited by two people at
-- once: the second one retries on the fresh value instead of overwriting the first one's change).
-- KEYS[1] the key; ARGV[1] expected value; ARGV[2] new value
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
