-- Moves dead letters back to the events stream with a fresh attempt count, in one atomic step.
-- KEYS[1] dead-letter stream, KEYS[2] events stream
-- ARGV[1] first id, ARGV[2] last id (inclusive), ARGV[3] most entries to move
-- Returns how many were moved.
local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', ARGV[3])
for _, entry in ipairs(found) do
  local f = {}
  local kv = entry[2]
  for i = 1, #kv, 2 do
    f[kv[i]] = kv[i + 1]
  end
  redis.call('XADD', KEYS[2], '*', 'e', f['e'], 'q', f['q'], 'a', '0')
  redis.call('XDEL', KEYS[1], entry[1])
end
return #found
