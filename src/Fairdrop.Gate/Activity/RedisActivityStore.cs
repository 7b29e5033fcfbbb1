using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Activity shared by every gate node: one sorted set per identity (score = time), read, trimmed to
/// the horizon and appended in one Lua script per request, so the semantics match
/// <see cref="MemoryActivityStore"/> and a request sees the one before it on any node.
/// </summary>
public sealed class RedisActivityStore : IActivityStore, IAsyncDisposable
{
    private const string Script = """
        local now = tonumber(ARGV[1])
        local horizon = tonumber(ARGV[2])
        local cap = tonumber(ARGV[3])
        local member = ARGV[4]
        local nq = tonumber(ARGV[5])
        local events = {}
        for k = 1, #KEYS do
          redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', '(' .. (now - horizon))
          local list = {}
          for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[k], now - horizon, '+inf')) do
            local f = {}
            for part in string.gmatch(m, '[^:]+') do f[#f + 1] = part end
            list[#list + 1] = f
          end
          events[k] = list
        end
        local results = {}
        for q = 0, nq - 1 do
          local base = 6 + q * 5
          local key = tonumber(ARGV[base])
          local fn = tonumber(ARGV[base + 1])
          local action = ARGV[base + 2]
          local window = tonumber(ARGV[base + 3])
          local other = tonumber(ARGV[base + 4])
          local r = (fn == 0) and -1 or 0
          if key > 0 then
            local list = events[key]
            local seen = {}
            for i = #list, 1, -1 do
              local e = list[i]
              local at = tonumber(e[1])
              if fn == 0 then
                if e[2] == action then r = now - at; break end
              else
                if now - at >= window then break end
                if fn == 1 then
                  if e[2] == action then r = r + 1 end
                else
                  local v = e[3 + other]
                  if v ~= '0' and not seen[v] then seen[v] = true; r = r + 1 end
                end
              end
            end
          end
          results[#results + 1] = r
        end
        for k = 1, #KEYS do
          redis.call('ZADD', KEYS[k], now, member)
          redis.call('ZREMRANGEBYRANK', KEYS[k], 0, -(cap + 1))
          redis.call('PEXPIRE', KEYS[k], horizon)
        end
        return results
        """;

    private static readonly string[] KindNames = ["customer", "session", "ip", "device"];
    private readonly ConnectionMultiplexer _redis;
    private readonly long _horizon;
    private readonly int _cap;
    private readonly string _prefix;

    public RedisActivityStore(IOptions<ActivityOptions> options)
    {
        var o = options.Value;
        _redis = ConnectionMultiplexer.Connect(o.Redis ?? throw new InvalidOperationException("Fairdrop:Gate:Activity:Redis is not set."));
        _horizon = (long)o.Horizon.TotalMilliseconds;
        _cap = o.MaxEventsPerIdentity;
        _prefix = o.RedisKeyPrefix;
    }

    public async ValueTask ObserveAsync(Identities identities, int actionId, long nowMilliseconds, IReadOnlyList<ActivityQuery> queries, long[] results, CancellationToken cancellationToken)
    {
        var keys = new List<RedisKey>(4);
        var slot = new int[4];
        for (var kind = 0; kind < 4; kind++)
        {
            var id = identities[(IdentityKind)kind];
            if (id != 0)
            {
                keys.Add(_prefix + KindNames[kind] + ":" + id.ToString("x16", CultureInfo.InvariantCulture));
                slot[kind] = keys.Count;
            }
        }

        var f = CultureInfo.InvariantCulture;
        var member = string.Join(':',
            nowMilliseconds.ToString(f), actionId.ToString(f),
            Fold(identities.Customer), Fold(identities.Session), Fold(identities.Ip), Fold(identities.Device),
            Guid.NewGuid().ToString("N"));
        var args = new List<RedisValue> { nowMilliseconds, _horizon, _cap, member, queries.Count };
        foreach (var query in queries)
        {
            args.Add(slot[(int)query.Identity]);
            args.Add((int)query.Function);
            args.Add(query.ActionId.ToString(f));
            args.Add(query.WindowMilliseconds);
            args.Add((int)query.Other);
        }

        if (keys.Count == 0)
        {
            for (var q = 0; q < queries.Count; q++)
            {
                results[q] = queries[q].Function == ActivityFunction.SinceLast ? long.MaxValue : 0;
            }

            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var reply = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(Script, [.. keys], [.. args]))!;
        for (var q = 0; q < queries.Count; q++)
        {
            var value = (long)reply[q];
            results[q] = queries[q].Function == ActivityFunction.SinceLast && value < 0 ? long.MaxValue : value;
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private static string Fold(ulong hash) => StableHash.Fold(hash).ToString(CultureInfo.InvariantCulture);
}
