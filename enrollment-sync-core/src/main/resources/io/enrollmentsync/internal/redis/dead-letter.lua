-- Moves a pending entry to the capped dead-letter stream, in one atomic step.
-- KEYS[1] events stream, KEYS[2] dead-letter stream
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] most dead letters kept, ARGV[4] attempts,
-- ARGV[5] error, ARGV[6] dead at (epoch ms)
-- Returns 0 when the entry was already gone, 1 when moved, 2 when moved and the oldest dead
-- letter was dropped to stay within the cap.
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
local dropped = 0
if redis.call('XLEN', KEYS[2]) >= tonumber(ARGV[3]) then
  dropped = 1
end
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], '*',
  'e', f['e'], 'q', f['q'], 'a', ARGV[4], 'err', ARGV[5], 'd', ARGV[6])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1 + dropped
