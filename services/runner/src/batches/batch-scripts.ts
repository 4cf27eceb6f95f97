/**
 * The Lua scripts that change a batch's live state: each change is one
 * script, so that what every runner process reads is consistent (a slot is
 * taken and the budget reserved together; an end is counted, its slot
 * freed and the next waiter woken together). Keys are those of batchKeys().
 */

/**
 * Marks the batch ended once every request is enqueued and has ended;
 * returns 1 the one time it does (so one process publishes the final state).
 * Expects `state` to be a local holding the state key.
 */
const FINISH_IF_DONE = `
local function finishIfDone(state, now)
  local s = redis.call('HMGET', state, 'enqueued', 'total', 'completed', 'failed', 'cancelled', 'skipped', 'status')
  if s[1] ~= '1' then return 0 end
  local ended = tonumber(s[3] or '0') + tonumber(s[4] or '0') + tonumber(s[5] or '0') + tonumber(s[6] or '0')
  if ended < tonumber(s[2] or '0') then return 0 end
  if s[7] == 'queueing' or s[7] == 'running' or s[7] == 'paused' then
    redis.call('HSET', state, 'status', 'completed')
  end
  local first = redis.call('HSETNX', state, 'endedAt', now)
  if first == 1 then redis.call('HINCRBY', state, 'version', 1) end
  return first
end
`;

/** Statuses in which a new replay may start. ('completed' too: a retry round's jobs may be fetched before its status change is seen.) */
const RUNNABLE = `local function runnable(status) return status == 'queueing' or status == 'running' or status == 'completed' end
`;

/**
 * Whether a replay may start now.
 * KEYS: state, leases, parked, reserved, ended, costs, waking.
 * ARGV: now, run id, job id, lease ms, the message should the budget stop the batch.
 * Returns { verdict, endedNow }, the verdict one of:
 *   run        a slot is taken (and the budget reserved): start it;
 *   park       no slot, or the batch is paused: the job waits, registered in `parked`;
 *   cancelled / skipped   the batch is cancelled / out of budget: counted, nothing sent;
 *   budget     this replay would pass the budget: the batch is now budget_exceeded, this one skipped;
 *   done       the replay already ended (its job ran again): nothing to do;
 *   gone       the batch has no state (expired or deleted): nothing to do.
 */
export const GATE = `${FINISH_IF_DONE}${RUNNABLE}
local state, leases, parked, reserved, ended, costs, waking = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local now, runId, jobId, leaseMs = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
-- Here, its wake (if it had one) arrived.
redis.call('ZREM', waking, jobId)
if redis.call('HEXISTS', ended, runId) == 1 then return {'done', 0} end
local status = redis.call('HGET', state, 'status')
if not status then return {'gone', 0} end
-- The job of a replay already started (its worker died, or our own fault): it keeps its slot and its reservation.
if redis.call('ZSCORE', leases, runId) then
  redis.call('ZADD', leases, now + leaseMs, runId)
  return {'run', 0}
end
local function endUnstarted(outcome)
  redis.call('HSET', ended, runId, outcome)
  redis.call('HINCRBY', state, outcome, 1)
  redis.call('HINCRBY', state, 'version', 1)
  redis.call('ZREM', parked, jobId)
  return finishIfDone(state, now)
end
if status == 'cancelled' then return {'cancelled', endUnstarted('cancelled')} end
if status == 'budget_exceeded' or status == 'failed' then return {'skipped', endUnstarted('skipped')} end
if not runnable(status) then
  redis.call('ZADD', parked, 'NX', now, jobId)
  return {'park', 0}
end
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
if redis.call('ZCARD', leases) >= tonumber(redis.call('HGET', state, 'concurrency')) then
  redis.call('ZADD', parked, 'NX', now, jobId)
  return {'park', 0}
end
local budget = tonumber(redis.call('HGET', state, 'budget') or '0')
if budget > 0 and redis.call('HEXISTS', reserved, runId) == 0 then
  local cost = tonumber(redis.call('HGET', costs, runId) or '0')
  local spent = tonumber(redis.call('HGET', state, 'spent') or '0')
  local held = tonumber(redis.call('HGET', state, 'reserved') or '0')
  if spent + held + cost > budget or spent >= budget then
    redis.call('HSET', state, 'status', 'budget_exceeded', 'message', ARGV[5])
    return {'budget', endUnstarted('skipped')}
  end
  redis.call('HSET', reserved, runId, cost)
  redis.call('HINCRBY', state, 'reserved', cost)
end
redis.call('ZADD', leases, now + leaseMs, runId)
redis.call('ZREM', parked, jobId)
redis.call('HSETNX', state, 'startedAt', now)
redis.call('HINCRBY', state, 'version', 1)
return {'run', 0}
`;

/**
 * The woken jobs that have not reached the gate within `overdue ms` (their wake was lost with its worker):
 * returned to be woken again, their time set to now. Entries older than `drop ms` are dropped: their park
 * has run out by then, and they came back by themselves or are gone.
 * KEYS: waking. ARGV: now, overdue ms, drop ms.
 */
export const OVERDUE_WAKES = `
local waking = KEYS[1]
local now, overdue, drop = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', waking, '-inf', now - drop)
local ids = redis.call('ZRANGEBYSCORE', waking, '-inf', now - overdue)
for _, id in ipairs(ids) do redis.call('ZADD', waking, 'XX', now, id) end
return ids
`;

/**
 * A parked job is now delayed in BullMQ: it checks once more, since a slot
 * may have freed (and its waker found it still active) in between.
 * KEYS: state, leases, parked. ARGV: now, job id.
 * Returns 1 when the job should be promoted at once.
 */
export const CONFIRM_PARK = `${RUNNABLE}
local state, leases, parked = KEYS[1], KEYS[2], KEYS[3]
local now, jobId = tonumber(ARGV[1]), ARGV[2]
local status = redis.call('HGET', state, 'status')
if not status then return 0 end
if status == 'cancelled' or status == 'budget_exceeded' or status == 'failed' then
  redis.call('ZREM', parked, jobId)
  return 1
end
if runnable(status) then
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  if redis.call('ZCARD', leases) < tonumber(redis.call('HGET', state, 'concurrency')) then
    redis.call('ZREM', parked, jobId)
    return 1
  end
end
redis.call('ZADD', parked, 'NX', now, jobId)
return 0
`;

/** Keeps a running replay's slot while it runs. KEYS: leases. ARGV: now, run id, lease ms. */
export const RENEW = `
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), ARGV[2]) end
return 1
`;

/**
 * A replay ended: counted once, its slot freed, its reservation replaced by
 * what it cost, and the oldest parked job handed the slot.
 * KEYS: state, leases, parked, reserved, ended, failed, ends, waking.
 * ARGV: now, run id, outcome (completed | failed | cancelled), cost in nano-USD, request id.
 * Returns { job id to wake or '', endedNow }.
 */
export const FINISH = `${FINISH_IF_DONE}${RUNNABLE}
local state, leases, parked, reserved, ended, failed, ends, waking = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local now, runId, outcome, cost = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
if not redis.call('HGET', state, 'status') then return {'', 0} end
if redis.call('HSETNX', ended, runId, outcome) == 0 then return {'', 0} end
redis.call('ZREM', leases, runId)
local held = redis.call('HGET', reserved, runId)
if held then
  -- Not -tonumber(held) when it is 0: Lua writes that as "-0", which HINCRBY refuses, and a
  -- script that fails here has already marked the end: the batch would count it never.
  local amount = tonumber(held)
  if amount > 0 then redis.call('HINCRBY', state, 'reserved', 0 - amount) end
  redis.call('HDEL', reserved, runId)
end
if cost > 0 then redis.call('HINCRBY', state, 'spent', cost) end
redis.call('HINCRBY', state, outcome, 1)
if outcome == 'failed' then redis.call('HSET', failed, ARGV[5], runId) end
redis.call('ZADD', ends, now, runId)
redis.call('ZREMRANGEBYSCORE', ends, '-inf', now - 10000)
redis.call('HINCRBY', state, 'version', 1)
local wake = ''
if runnable(redis.call('HGET', state, 'status')) then
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  if redis.call('ZCARD', leases) < tonumber(redis.call('HGET', state, 'concurrency')) then
    local popped = redis.call('ZPOPMIN', parked)
    if popped[1] then
      wake = popped[1]
      redis.call('ZADD', waking, now, wake)
    end
  end
end
return {wake, finishIfDone(state, now)}
`;

/**
 * The enqueuer queued (or counted) one more chunk of the selection.
 * KEYS: state. ARGV: now, cursor, total ('' to leave it), skipped, cancelled.
 * Returns the status, or '' when the batch has no state.
 */
export const CHUNK = `
local state = KEYS[1]
local status = redis.call('HGET', state, 'status')
if not status then return '' end
redis.call('HSET', state, 'cursor', ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', state, 'total', ARGV[3]) end
if tonumber(ARGV[4]) > 0 then redis.call('HINCRBY', state, 'skipped', ARGV[4]) end
if tonumber(ARGV[5]) > 0 then redis.call('HINCRBY', state, 'cancelled', ARGV[5]) end
if status == 'queueing' then
  redis.call('HSET', state, 'status', 'running')
  status = 'running'
end
redis.call('HSETNX', state, 'startedAt', ARGV[1])
redis.call('HINCRBY', state, 'version', 1)
return status
`;

/**
 * The enqueuer is done: every request of the pass is queued or counted.
 * KEYS: state, failed, retry. ARGV: now, total ('' to leave it), then the
 * request ids of a retry round that history no longer has (back to failed).
 * Returns endedNow.
 */
export const ENQUEUED = `${FINISH_IF_DONE}
local state, failed, retry = KEYS[1], KEYS[2], KEYS[3]
local now = tonumber(ARGV[1])
if not redis.call('HGET', state, 'status') then return 0 end
if ARGV[2] ~= '' then redis.call('HSET', state, 'total', ARGV[2]) end
for i = 3, #ARGV do
  local runId = redis.call('HGET', retry, ARGV[i])
  if runId then
    redis.call('HSET', failed, ARGV[i], runId)
    redis.call('HINCRBY', state, 'failed', 1)
  end
end
redis.call('DEL', retry)
if redis.call('HGET', state, 'status') == 'queueing' then redis.call('HSET', state, 'status', 'running') end
redis.call('HSET', state, 'enqueued', '1')
redis.call('HINCRBY', state, 'version', 1)
return finishIfDone(state, now)
`;

/**
 * Pause, resume, cancel, or fail (the enqueuer gave up).
 * KEYS: state, leases, parked. ARGV: action, now, message.
 * Returns { outcome, ...ids }: outcome 'ok', 'same' (already so) or
 * 'refused:<status>'; for resume, the parked job ids to wake (as many as
 * free slots); for cancel and fail, the run ids in flight (none for fail),
 * then '|', then every parked job id (woken to be counted).
 */
export const CONTROL = `${FINISH_IF_DONE}
local state, leases, parked = KEYS[1], KEYS[2], KEYS[3]
local action, now = ARGV[1], tonumber(ARGV[2])
local status = redis.call('HGET', state, 'status')
if not status then return {'gone'} end
local active = status == 'queueing' or status == 'running' or status == 'paused'
if action == 'pause' then
  if status == 'paused' then return {'same'} end
  if not active then return {'refused:' .. status} end
  redis.call('HSET', state, 'status', 'paused')
  redis.call('HINCRBY', state, 'version', 1)
  return {'ok'}
end
if action == 'resume' then
  if status == 'queueing' or status == 'running' then return {'same'} end
  if status ~= 'paused' then return {'refused:' .. status} end
  -- Back to queueing only if no chunk was queued yet.
  local queued = (redis.call('HGET', state, 'cursor') or '0') ~= '0' or redis.call('HGET', state, 'enqueued') == '1'
  redis.call('HSET', state, 'status', queued and 'running' or 'queueing')
  redis.call('HINCRBY', state, 'version', 1)
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  local free = tonumber(redis.call('HGET', state, 'concurrency')) - redis.call('ZCARD', leases)
  local out = {'ok'}
  if free > 0 then
    local popped = redis.call('ZPOPMIN', parked, free)
    for i = 1, #popped, 2 do out[#out + 1] = popped[i] end
  end
  return out
end
if action == 'cancel' then
  if status == 'cancelled' then return {'same'} end
  if not active then return {'refused:' .. status} end
  redis.call('HSET', state, 'status', 'cancelled', 'message', ARGV[3])
  redis.call('HINCRBY', state, 'version', 1)
  local out = {'ok'}
  for _, runId in ipairs(redis.call('ZRANGE', leases, 0, -1)) do out[#out + 1] = runId end
  out[#out + 1] = '|'
  for _, jobId in ipairs(redis.call('ZRANGE', parked, 0, -1)) do out[#out + 1] = jobId end
  redis.call('DEL', parked)
  finishIfDone(state, now)
  return out
end
if action == 'fail' then
  if not active then return {'refused:' .. status} end
  -- Nothing more will be queued: what is queued is skipped, what runs finishes.
  redis.call('HSET', state, 'status', 'failed', 'message', ARGV[3], 'enqueued', '1')
  redis.call('HINCRBY', state, 'version', 1)
  local out = {'ok', '|'}
  for _, jobId in ipairs(redis.call('ZRANGE', parked, 0, -1)) do out[#out + 1] = jobId end
  redis.call('DEL', parked)
  finishIfDone(state, now)
  return out
end
return {'refused:' .. status}
`;

/**
 * Starts a retry round: the failed replays move to `retry`, their count
 * back to queued, and the batch runs again.
 * KEYS: state, failed, retry. ARGV: now.
 * Returns { 'ok', round, count } | { 'none' } | { 'busy' } | { 'refused:<status>' } | { 'gone' }.
 */
export const RETRY_BEGIN = `
local state, failed, retry = KEYS[1], KEYS[2], KEYS[3]
local status = redis.call('HGET', state, 'status')
if not status then return {'gone'} end
if status ~= 'running' and status ~= 'paused' and status ~= 'completed' then return {'refused:' .. status} end
if redis.call('HGET', state, 'enqueued') ~= '1' then return {'busy'} end
local n = redis.call('HLEN', failed)
if n == 0 then return {'none'} end
local round = redis.call('HINCRBY', state, 'round', 1)
redis.call('RENAME', failed, retry)
redis.call('HINCRBY', state, 'failed', -n)
redis.call('HSET', state, 'enqueued', '0')
if status == 'completed' then
  redis.call('HSET', state, 'status', 'running')
  redis.call('HDEL', state, 'endedAt')
end
redis.call('HINCRBY', state, 'version', 1)
return {'ok', round, n}
`;
