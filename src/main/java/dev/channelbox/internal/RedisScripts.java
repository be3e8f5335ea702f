package dev.channelbox.internal;

import dev.channelbox.internal.RedisLink.Script;

/**
 * The Lua scripts of {@link RedisBroker}: each operation is one script, so it is one round trip and
 * atomic (no other client sees half of it). Time comes from Redis ({@code TIME}), never from the
 * nodes' clocks, which may disagree.
 *
 * <p>Keys (prefix {@code P}, group {@code g}; the group in braces is a Redis Cluster hash tag, so one
 * group's keys share a slot): {@code P:{g}:meta} hash (e epoch, o last offset, h last history
 * sequence, hb history bytes), {@code P:{g}:log} stream (every publication: o, d, s), {@code P:{g}:hist}
 * stream (saved messages: s, d, o), {@code P:{g}:members} hash (channel id to payload type),
 * {@code P:groups} set (groups with members), {@code P:histories} set (groups with history),
 * {@code P:nodes} sorted set (node to its last heartbeat, ms), {@code P:node:<n>:members} set
 * ("id\ngroup" of the node's memberships), {@code P:node:<n>:channels} set (its channel ids).
 * Pub/Sub: {@code P:g:<g>} per group, {@code P:n:<n>} per node.
 */
final class RedisScripts {

    private RedisScripts() {
    }

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** Drops the oldest saved messages until count, bytes and age hold (KEYS hist, meta). */
    private static final String TRIM_HISTORY = """
            local function trim(hist, meta, maxN, maxB, maxAge, now)
              local hb = tonumber(redis.call('HGET', meta, 'hb') or '0')
              local n = redis.call('XLEN', hist)
              while n > 0 do
                local first = redis.call('XRANGE', hist, '-', '+', 'COUNT', 1)[1]
                local ms = tonumber(string.match(first[1], '^(%d+)'))
                if n > maxN or hb > maxB or (maxAge > 0 and ms < now - maxAge) then
                  redis.call('XDEL', hist, first[1])
                  hb = hb - (#first[2][4] - 1)
                  n = n - 1
                else
                  break
                end
              end
              if hb < 0 or n == 0 then hb = 0 end
              redis.call('HSET', meta, 'hb', hb)
            end
            """;

    /**
     * Publishes a join or leave of group {@code g} (P = prefix) like a message: the next offset, in the
     * replay log (sequence 0: never in history), on the group's channel. Data: {@code p+} or
     * {@code p-}, the channel id, a newline, its member value (payload type letter and attributes).
     * Nothing when the group has no state (no epoch): nobody can be following it.
     */
    private static final String ANNOUNCE = """
            local function announce(P, g, data)
              local meta = P .. ':{' .. g .. '}:meta'
              local e = redis.call('HGET', meta, 'e')
              if not e then return end
              local o = redis.call('HINCRBY', meta, 'o', 1)
              local log = P .. ':{' .. g .. '}:log'
              redis.call('XADD', log, 'MAXLEN', '~', %d, '*', 'o', o, 'd', data, 's', 0)
              redis.call('EXPIRE', log, %d)
              redis.call('PUBLISH', P .. ':g:' .. g, o .. ':' .. e .. ':0:' .. data)
            end
            """.formatted(RedisBroker.REPLAY_LOG_MESSAGES, RedisBroker.REPLAY_LOG_MILLIS / 1000 + 60);

    /**
     * Removes every membership and channel of node {@code n} (P = prefix; KEYS[2] = P:groups), each
     * membership announced as a leave; {@code keep} (a set of "id\\ngroup", or nil) names those to keep.
     */
    private static final String FORGET_NODE = ANNOUNCE + """
            local function forget(P, n, groups, keep)
              local set = P .. ':node:' .. n .. ':members'
              for _, entry in ipairs(redis.call('SMEMBERS', set)) do
                if not (keep and keep[entry]) then
                  local nl = string.find(entry, '\\n', 1, true)
                  local id = string.sub(entry, 1, nl - 1)
                  local g = string.sub(entry, nl + 1)
                  local mk = P .. ':{' .. g .. '}:members'
                  local value = redis.call('HGET', mk, id)
                  if value then
                    redis.call('HDEL', mk, id)
                    announce(P, g, 'p-' .. id .. '\\n' .. value)
                  end
                  if redis.call('HLEN', mk) == 0 then redis.call('SREM', groups, g) end
                  redis.call('SREM', set, entry)
                end
              end
              if not keep then redis.call('DEL', set) end
              redis.call('DEL', P .. ':node:' .. n .. ':channels')
            end
            """;

    /**
     * A group send. KEYS meta, log, hist, histories, members; ARGV wire, epoch if new, save (0/1),
     * log max messages, log max age ms, history max messages, bytes, age ms, key TTL s, Pub/Sub channel,
     * group. Publishes {@code offset:epoch:sequence:wire} (sequence 0: not saved). Returns {offset,
     * epoch, history sequence or 0, members}.
     */
    static final Script PUBLISH = new Script("publish", NOW + TRIM_HISTORY + """
            redis.call('HSETNX', KEYS[1], 'e', ARGV[2])
            local e = redis.call('HGET', KEYS[1], 'e')
            local o = redis.call('HINCRBY', KEYS[1], 'o', 1)
            redis.call('EXPIRE', KEYS[1], ARGV[9])
            local s = 0
            local size = #ARGV[1] - 1
            if ARGV[3] == '1' and size <= tonumber(ARGV[7]) then
              s = redis.call('HINCRBY', KEYS[1], 'h', 1)
              redis.call('XADD', KEYS[3], '*', 's', s, 'd', ARGV[1], 'o', o)
              redis.call('HINCRBY', KEYS[1], 'hb', size)
              trim(KEYS[3], KEYS[1], tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), now)
              redis.call('SADD', KEYS[4], ARGV[11])
              redis.call('EXPIRE', KEYS[3], ARGV[9])
            end
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'o', o, 'd', ARGV[1], 's', s)
            redis.call('XTRIM', KEYS[2], 'MINID', '~', now - tonumber(ARGV[5]))
            redis.call('EXPIRE', KEYS[2], math.ceil(tonumber(ARGV[5]) / 1000) + 60)
            local members = redis.call('HLEN', KEYS[5])
            redis.call('PUBLISH', ARGV[10], o .. ':' .. e .. ':' .. s .. ':' .. ARGV[1])
            return {o, e, s, members}
            """);

    /**
     * A join, announced. KEYS members, groups, node members, meta; ARGV id, member value (payload type
     * and attributes), max (0: none), group, epoch if new, key TTL s, prefix. Returns {0 added |
     * 1 already | 2 full, offset, epoch}: the offset of the join's announcement when added.
     */
    static final Script JOIN = new Script("join", ANNOUNCE + """
            local status = 0
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
              status = 1
            elseif tonumber(ARGV[3]) > 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
              status = 2
            else
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              redis.call('SADD', KEYS[2], ARGV[4])
              redis.call('SADD', KEYS[3], ARGV[1] .. '\\n' .. ARGV[4])
            end
            redis.call('HSETNX', KEYS[4], 'e', ARGV[5])
            redis.call('EXPIRE', KEYS[4], ARGV[6])
            if status == 0 then announce(ARGV[7], ARGV[4], 'p+' .. ARGV[1] .. '\\n' .. ARGV[2]) end
            return {status, tonumber(redis.call('HGET', KEYS[4], 'o') or '0'), redis.call('HGET', KEYS[4], 'e')}
            """);

    /** A leave, announced. KEYS members, groups, node members; ARGV id, group, prefix. Returns 1 if it was a member. */
    static final Script LEAVE = new Script("leave", ANNOUNCE + """
            local value = redis.call('HGET', KEYS[1], ARGV[1])
            local removed = redis.call('HDEL', KEYS[1], ARGV[1])
            if value then announce(ARGV[3], ARGV[2], 'p-' .. ARGV[1] .. '\\n' .. value) end
            redis.call('SREM', KEYS[3], ARGV[1] .. '\\n' .. ARGV[2])
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
            return removed
            """);

    /** ARGV prefix, id, member value, groups...: the member value in each group that has the channel. */
    static final Script ATTRIBUTES = new Script("attributes", """
            for i = 4, #ARGV do
              local mk = ARGV[1] .. ':{' .. ARGV[i] .. '}:members'
              if redis.call('HEXISTS', mk, ARGV[2]) == 1 then redis.call('HSET', mk, ARGV[2], ARGV[3]) end
            end
            return 1
            """);

    /** KEYS a set; ARGV a member: SADD. */
    static final Script SET_ADD = new Script("set-add", "return redis.call('SADD', KEYS[1], ARGV[1])");

    /** KEYS a set; ARGV a member: SREM. */
    static final Script SET_REMOVE = new Script("set-remove", "return redis.call('SREM', KEYS[1], ARGV[1])");

    /** KEYS nodes; ARGV node. Records the heartbeat; returns 1 if the node was known (not reaped). */
    static final Script HEARTBEAT = new Script("heartbeat", NOW + """
            local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[1], now, ARGV[1])
            if known then return 1 else return 0 end
            """);

    /**
     * Removes the memberships and channels of every node whose last heartbeat is older than ARGV[2]
     * ms. KEYS nodes, groups; ARGV prefix, dead after ms. Atomic: a dead node is reaped once, by
     * whichever node runs this first. Returns the reaped nodes.
     */
    static final Script REAP = new Script("reap", NOW + FORGET_NODE + """
            local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            for _, n in ipairs(dead) do
              forget(ARGV[1], n, KEYS[2], nil)
              redis.call('ZREM', KEYS[1], n)
            end
            return dead
            """);

    /**
     * Replaces what Redis holds for this node with what it holds now (after an outage, or after being
     * reaped). KEYS nodes, groups; ARGV prefix, node, channel count c, c channel ids, then triples
     * (id, group, member value). Memberships it no longer has are announced as leaves, those Redis did
     * not have (any more) as joins; the others are not announced again.
     */
    static final Script SYNC = new Script("sync", NOW + FORGET_NODE + """
            local P, n = ARGV[1], ARGV[2]
            local keep = {}
            local c = tonumber(ARGV[3])
            for i = 4 + c, #ARGV, 3 do keep[ARGV[i] .. '\\n' .. ARGV[i + 1]] = true end
            forget(P, n, KEYS[2], keep)
            redis.call('ZADD', KEYS[1], now, n)
            for i = 4, 3 + c do redis.call('SADD', P .. ':node:' .. n .. ':channels', ARGV[i]) end
            for i = 4 + c, #ARGV, 3 do
              local id, g = ARGV[i], ARGV[i + 1]
              local mk = P .. ':{' .. g .. '}:members'
              if redis.call('HSET', mk, id, ARGV[i + 2]) == 1 then announce(P, g, 'p+' .. id .. '\\n' .. ARGV[i + 2]) end
              redis.call('SADD', KEYS[2], g)
              redis.call('SADD', P .. ':node:' .. n .. ':members', id .. '\\n' .. g)
            end
            return 1
            """);

    /** A node leaving for good. KEYS nodes, groups; ARGV prefix, node. */
    static final Script GOODBYE = new Script("goodbye", FORGET_NODE + """
            forget(ARGV[1], ARGV[2], KEYS[2], nil)
            redis.call('ZREM', KEYS[1], ARGV[2])
            return 1
            """);

    /**
     * A send to one channel. KEYS the channels of its node; ARGV id, the node's Pub/Sub channel,
     * envelope. Returns -1 (no such channel) or the number of receivers (0: the node is gone).
     */
    static final Script SEND_TO = new Script("send-to", """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return -1 end
            return redis.call('PUBLISH', ARGV[2], ARGV[3])
            """);

    /** KEYS members: {id, type, id, type, ...}. */
    static final Script MEMBERS = new Script("members", "return redis.call('HGETALL', KEYS[1])");

    /** KEYS groups; ARGV prefix: {group, {id, type, ...}, group, ...}. */
    static final Script GROUPS = new Script("groups", """
            local out = {}
            for _, g in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local m = redis.call('HGETALL', ARGV[1] .. ':{' .. g .. '}:members')
              if #m > 0 then
                table.insert(out, g)
                table.insert(out, m)
              end
            end
            return out
            """);

    /**
     * KEYS hist, meta; ARGV max messages, bytes, age ms, offset, epoch: the saved messages after the
     * offset (all of them if the epoch is not the group's) once trimmed, oldest first. Returns {epoch or '', last sequence, then per message: stream id,
     * sequence, publication offset, wire}.
     */
    static final Script HISTORY = new Script("history", NOW + TRIM_HISTORY + """
            trim(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), now)
            local e = redis.call('HGET', KEYS[2], 'e') or ''
            local after = 0
            if e == ARGV[5] then after = tonumber(ARGV[4]) end
            local out = {e, tonumber(redis.call('HGET', KEYS[2], 'h') or '0')}
            for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
              local s = tonumber(entry[2][2])
              if s > after then
                table.insert(out, entry[1])
                table.insert(out, s)
                table.insert(out, tonumber(entry[2][6] or '0'))
                table.insert(out, entry[2][4])
              end
            end
            return out
            """);

    /** KEYS hist, meta, histories; ARGV group. The sequence goes on: positions before the flush stay unrecoverable. */
    static final Script FLUSH_GROUP = new Script("flush-group", """
            redis.call('DEL', KEYS[1])
            redis.call('HDEL', KEYS[2], 'hb')
            redis.call('SREM', KEYS[3], ARGV[1])
            return 1
            """);

    /** KEYS histories; ARGV prefix. */
    static final Script FLUSH_ALL = new Script("flush-all", """
            for _, g in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              redis.call('DEL', ARGV[1] .. ':{' .. g .. '}:hist')
              redis.call('HDEL', ARGV[1] .. ':{' .. g .. '}:meta', 'hb')
            end
            redis.call('DEL', KEYS[1])
            return 1
            """);

    /** ARGV prefix, groups...: {offset, epoch or '', ...} per group. */
    static final Script POSITIONS = new Script("positions", """
            local out = {}
            for i = 2, #ARGV do
              local m = ARGV[1] .. ':{' .. ARGV[i] .. '}:meta'
              table.insert(out, tonumber(redis.call('HGET', m, 'o') or '0'))
              table.insert(out, redis.call('HGET', m, 'e') or '')
            end
            return out
            """);

    /**
     * The publications from offset ARGV[1] to ARGV[2] still in the log, oldest first, at most ARGV[3]
     * read. KEYS log. Returns {offset, history sequence or 0, wire, ...}.
     */
    static final Script REPLAY = new Script("replay", """
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
            if not newest then return {} end
            local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
            local need = math.min(tonumber(newest[2][2]) - from + 1, tonumber(ARGV[3]))
            if need <= 0 then return {} end
            local entries = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', need)
            local out = {}
            for i = #entries, 1, -1 do
              local o = tonumber(entries[i][2][2])
              if o >= from and o <= to then
                table.insert(out, o)
                table.insert(out, tonumber(entries[i][2][6] or '0'))
                table.insert(out, entries[i][2][4])
              end
            end
            return out
            """);
}
