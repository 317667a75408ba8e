-- Acknowledges entries and deletes them, so acknowledged events use no memory.
-- KEYS[1] events stream; ARGV[1] group, ARGV[2..n] entry ids
-- Returns how many entries were deleted.
local ids = {}
for i = 2, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
return redis.call('XDEL', KEYS[1], unpack(ids))
