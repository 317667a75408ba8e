-- Reads the sizes of the queue's parts at one moment.
-- KEYS[1] events stream, KEYS[2] delayed set, KEYS[3] dead-letter stream, KEYS[4] quarantine
-- ARGV[1] group
-- Returns {ready, pending, delayed, dead letters, quarantined}.
local length = redis.call('XLEN', KEYS[1])
local pending = 0
local summary = redis.pcall('XPENDING', KEYS[1], ARGV[1])
if type(summary) == 'table' and summary['err'] == nil then
  pending = summary[1]
end
-- Acknowledged entries are deleted, so the stream holds exactly the ready and the pending ones.
local ready = length - pending
if ready < 0 then
  ready = 0
end
return {ready, pending, redis.call('ZCARD', KEYS[2]), redis.call('XLEN', KEYS[3]),
  redis.call('XLEN', KEYS[4])}
