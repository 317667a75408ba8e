-- Moves retries that are due from the delayed set back to the events stream.
-- KEYS[1] delayed set, KEYS[2] delayed payloads hash, KEYS[3] events stream
-- ARGV[1] now (epoch ms), ARGV[2] most entries to move
-- Returns {moved, due time of the next retry in epoch ms or -1 when none waits}.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, member in ipairs(due) do
  local raw = redis.call('HGET', KEYS[2], member)
  if raw then
    local p = cjson.decode(raw)
    redis.call('XADD', KEYS[3], '*', 'e', p['e'], 'q', p['q'], 'a', p['a'], 'err', p['err'])
  end
  redis.call('ZREM', KEYS[1], member)
  redis.call('HDEL', KEYS[2], member)
end
local next = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #next == 0 then
  return {#due, -1}
end
return {#due, math.floor(tonumber(next[2]))}
