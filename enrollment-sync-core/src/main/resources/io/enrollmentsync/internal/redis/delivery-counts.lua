-- Reads how many times each pending entry was delivered.
-- KEYS[1] events stream; ARGV[1] group, ARGV[2..n] entry ids
-- Returns one count per id, in order; 0 for an entry that is no longer pending.
local counts = {}
for i = 2, #ARGV do
  local found = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if #found == 1 then
    counts[#counts + 1] = found[1][4]
  else
    counts[#counts + 1] = 0
  end
end
return counts
