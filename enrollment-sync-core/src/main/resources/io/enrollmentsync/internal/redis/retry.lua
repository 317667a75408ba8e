-- Moves a pending entry to the delayed set, keeping its attempts and error, in one atomic step.
-- KEYS[1] events stream, KEYS[2] delayed set, KEYS[3] delayed payloads hash
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] due at (epoch ms), ARGV[4] attempts so far,
-- ARGV[5] error
-- Returns 1 when moved, 0 when the entry was already gone (acknowledged by another consumer).
local found = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if #found == 0 then
  return 0
end
local f = {}
local kv = found[1][2]
for i = 1, #kv, 2 do
  f[kv[i]] = kv[i + 1]
end
local payload = cjson.encode({e = f['e'], q = f['q'], a = ARGV[4], err = ARGV[5]})
redis.call('HSET', KEYS[3], ARGV[2], payload)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
