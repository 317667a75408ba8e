-- Removes consumers that hold nothing and have not read for a long time, in one atomic step, so
-- the group does not grow with every process that ever ran. One that holds entries is kept: its
-- entries would otherwise be lost from the pending list.
-- KEYS[1] events stream; ARGV[1] group, ARGV[2] idle time (ms) past which a consumer goes
-- Returns how many consumers were removed.
local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if consumers['err'] then
  return 0
end
local removed = 0
for _, consumer in ipairs(consumers) do
  local info = {}
  for i = 1, #consumer, 2 do
    info[consumer[i]] = consumer[i + 1]
  end
  if info['pending'] == 0 and info['idle'] > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
    removed = removed + 1
  end
end
return removed
