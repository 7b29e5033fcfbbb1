using System.Threading.Channels;
using Fairdrop.Core.Ids;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Decisions;

/// <summary>
/// A bounded queue between requests and <see cref="DecisionWriter"/>: every enforced or shadow
/// match is queued, plain allows only as a sample; a full queue drops (and counts) rather than waits.
/// </summary>
internal sealed class DecisionQueue(IOptions<GateOptions> options, IdGenerator ids, TimeProvider time, ILogger<DecisionQueue> logger) : IDecisionSink
{
    private readonly GateOptions _options = options.Value;
    private readonly Channel<DecisionRecord> _channel = Channel.CreateBounded<DecisionRecord>(new BoundedChannelOptions(options.Value.DecisionLog.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private static readonly string[] ActionNames = [.. Enum.GetValues<GateAction>().Select(a => a.ToString().ToLowerInvariant())];

    private long _dropped;

    public ChannelReader<DecisionRecord> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(GateRequest request, in GateDecision decision)
    {
        var plain = decision.Action == GateAction.Allow && decision.Matched.IsEmpty && decision.ShadowMatched.IsEmpty;
#pragma warning disable CA5394 // Sampling, not security.
        if (!_options.DecisionLog.Enabled || (plain && Random.Shared.NextDouble() >= _options.DecisionLog.AllowedSampleRate))
#pragma warning restore CA5394
        {
            return;
        }

        var record = new DecisionRecord(
            ids.NewId(),
            _options.MerchantId,
            time.GetUtcNow(),
            ActionNames[(int)decision.Action],
            decision.Rule?.Name,
            decision.Matched.Count == 1 ? decision.Rule!.Name : Names(decision.MatchedRules, decision.Matched.Count),
            Names(decision.ShadowRules, decision.ShadowMatched.Count),
            decision.Rules.Version,
            request.Method,
            Truncate(request.Path, 512),
            request.Action,
            request.ClientIp?.ToString(),
            Truncate(request.CustomerId, 128),
            Truncate(request.SessionId, 128),
            Truncate(request.DeviceId, 128),
            Truncate(request.UserAgent, 256),
            Truncate(request.ProductId, 128))
        {
            Headers = RecordedHeaders.Of(request.Http),
        };
        if (!_channel.Writer.TryWrite(record))
        {
            var dropped = Interlocked.Increment(ref _dropped);
            if ((dropped & (dropped - 1)) == 0)
            {
                GateLog.DecisionsDropped(logger, dropped);
            }
        }
    }

    public void Complete() => _channel.Writer.TryComplete();

    // On the request path: the usual single matching rule is its name, not a join.
    private static string Names(IEnumerable<string> names, int count) => count switch
    {
        0 => string.Empty,
        1 => names.First(),
        _ => string.Join(',', names),
    };

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
