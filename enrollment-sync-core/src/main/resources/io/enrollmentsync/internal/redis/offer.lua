-- Queues one event unless its dedupe mark exists, in one atomic step.
-- KEYS[1] dedupe mark, KEYS[2] events stream, KEYS[3] delayed set
-- ARGV[1] mark time to live (ms), ARGV[2] most events held (0: no bound),
-- ARGV[3] encoded event, ARGV[4] enqueued at (epoch ms)
-- Returns 1 when queued, 0 for a duplicate, -1 when the queue is full.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local max = tonumber(ARGV[2])
if max > 0 and redis.call('XLEN', KEYS[2]) + redis.call('ZCARD', KEYS[3]) >= max then
  return -1
end
-- The entry is written before the mark: if Redis refuses the entry (out of memory), the script
-- stops there and no mark without an entry is left behind. Once a script has written, Redis lets
-- it finish, so the mark cannot be refused after the entry.
local id = redis.call('XADD', KEYS[2], '*', 'e', ARGV[3], 'q', ARGV[4], 'a', '0')
redis.call('SET', KEYS[1], id, 'PX', ARGV[1])
return 1
