using Fairdrop.Core.Errors;
using Fairdrop.Core.Shoppers;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Recommendations.Adopting;
using Fairdrop.Gate.Recommendations.Analysis;
using Fairdrop.Gate.Recommendations.Labels;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Recommendations;

/// <summary>
/// Rule recommendations over a merchant's recorded decisions and labels, and their adoption: a recommended rule is
/// accepted in shadow mode with its replayed prediction, its shadow hits are compared with that prediction, and it is
/// promoted to an enforced rule when the merchant is satisfied. Accepting and promoting change the rules of the gate
/// this node runs, so they are only for its merchant.
/// </summary>
public sealed class GateRecommendationService
{
    private static readonly Error Busy = new(ErrorCodes.RateLimited, "At most two recommendations or rule checks run at once for a merchant; try again when one has finished.")
    {
        RetryAfter = TimeSpan.FromSeconds(5),
    };

    private readonly DecisionStore _decisions;
    private readonly LabelStore _labels;
    private readonly ShadowTrialStore _trials;
    private readonly RuleSetHolder _holder;
    private readonly RuleCheckSlots _slots;
    private readonly GateOptions _gate;
    private readonly ActivityOptions _activity;
    private readonly TimeProvider _time;
    private readonly IDropQueues _drops;
    private readonly Lock _ruleEdits = new();

    internal GateRecommendationService(DecisionStore decisions, LabelStore labels, ShadowTrialStore trials, RuleSetHolder holder, RuleCheckSlots slots,
        IOptions<GateOptions> gate, IOptions<ActivityOptions> activity, TimeProvider time, IDropQueues drops)
    {
        _drops = drops;
        _decisions = decisions;
        _labels = labels;
        _trials = trials;
        _holder = holder;
        _slots = slots;
        _gate = gate.Value;
        _activity = activity.Value;
        _time = time;
    }

    /// <summary>Recommends rules from the merchant's recorded decisions (since <see cref="RecommendationQuery.Since"/>) and stored labels.</summary>
    public async Task<Result<RecommendationReport>> RecommendAsync(Guid merchantId, RecommendationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!(query.MaxHumanCost is > 0 and <= 0.5))
        {
            return RecommendationErrors.MaxHumanCost;
        }

        if (query.Candidates is < 1 or > ImpactReplay.MaxRules)
        {
            return RecommendationErrors.Candidates;
        }

        using var slot = _slots.TryEnter(merchantId);
        if (slot is null)
        {
            return Busy;
        }

        var labels = await _labels.ReadAsync(merchantId, cancellationToken);
        var drop = await _drops.LatestPlacedAsync(merchantId, cancellationToken);
        var options = new RecommendationOptions { MaxHumanCost = query.MaxHumanCost, Candidates = query.Candidates, Context = _holder.Context, Activity = _activity, Drop = drop };
        return await RuleRecommender.RecommendAsync(() => _decisions.ReadOldestFirstAsync(merchantId, query.Since, cancellationToken), labels, options, cancellationToken);
    }

    /// <summary>Records what the merchant learned of shoppers (purchases, challenges, fraud, bot flags); a shopper's later evidence replaces its earlier.</summary>
    public async Task<Result<int>> PutLabelsAsync(Guid merchantId, IReadOnlyList<ShopperEvidence> evidence, CancellationToken cancellationToken)
    {
        if (evidence is not { Count: > 0 and <= RecommendationErrors.MaxLabelsPerCall } || evidence.Any(e => !Valid(e)))
        {
            return RecommendationErrors.Labels;
        }

        // One row per shopper: the last evidence given for it in this call.
        return await _labels.PutAsync(merchantId, [.. evidence.GroupBy(e => e.Shopper, StringComparer.Ordinal).Select(g => g.Last())], cancellationToken);
    }

    /// <summary>
    /// Adds one rule (a recommendation's text) to the running rules in shadow mode, with its prediction: the rule
    /// replayed over the merchant's decisions since <paramref name="since"/>.
    /// </summary>
    public async Task<Result<ShadowTrial>> AcceptAsync(Guid merchantId, string rule, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        if (merchantId != _gate.MerchantId)
        {
            return Error.NotFound("The gate");
        }

        if (ShadowRuleText.Of(rule ?? string.Empty, _holder.Context).TryGetValue(out var text, out var invalid) is false)
        {
            return invalid;
        }

        using var slot = _slots.TryEnter(merchantId);
        if (slot is null)
        {
            return Busy;
        }

        if (_holder.Current.Rules.Any(r => r.Name == text.Name))
        {
            return RecommendationErrors.Exists(text.Name);
        }

        var window = new WindowedLog();
        var (replay, _) = await DecisionReplay.RunAsync(text.Shadow, _holder.Context, ReplayActivity.From(_activity),
            window.Through(_decisions.ReadOldestFirstAsync(merchantId, since, cancellationToken), cancellationToken), cancellationToken);
        var now = _time.GetUtcNow();
        var row = new ShadowTrialRow
        {
            MerchantId = merchantId,
            RuleName = text.Name,
            RuleText = text.Enforced,
            AcceptedAt = now.ToUnixTimeMilliseconds(),
            PredictedMatches = replay!.Rules[0].Matched,
            PredictedRequests = replay.Requests,
            PredictedWindowMs = (long)window.Window.TotalMilliseconds,
        };
        if (!await _trials.AddAsync(row, cancellationToken))
        {
            return RecommendationErrors.Exists(text.Name);
        }

        // The trial is written first (its key refuses a second accept of the name); a rule set that then does not take
        // the rule (the 256-rule bound, say) leaves no trial behind.
        if (EditRules(source => source.TrimEnd() + "\n\n" + text.Shadow + "\n") is { } failed)
        {
            await _trials.RemoveAsync(merchantId, text.Name, CancellationToken.None);
            return failed;
        }

        return row.ToTrial(0, now);
    }

    /// <summary>Accepted rules by name (after <paramref name="after"/>, at most <paramref name="limit"/>), each with its prediction and its shadow hits since acceptance (until promotion).</summary>
    public async Task<Result<IReadOnlyList<ShadowTrial>>> TrialsAsync(Guid merchantId, string? after, int limit, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var trials = new List<ShadowTrial>();
        foreach (var row in await _trials.ListAsync(merchantId, null, cancellationToken, after, limit))
        {
            trials.Add(row.ToTrial(await _trials.ShadowHitsAsync(merchantId, row.RuleName, row.AcceptedAt, cancellationToken), now));
        }

        return trials;
    }

    /// <summary>Turns the accepted shadow rule <paramref name="name"/> into an enforced one.</summary>
    public async Task<Result<ShadowTrial>> PromoteAsync(Guid merchantId, string name, CancellationToken cancellationToken)
    {
        if (merchantId != _gate.MerchantId)
        {
            return Error.NotFound("The gate");
        }

        if ((await _trials.ListAsync(merchantId, name, cancellationToken)).SingleOrDefault() is not { } row)
        {
            return Error.NotFound($"The accepted rule '{name}'");
        }

        if (row.PromotedAt is not null)
        {
            return RecommendationErrors.Promoted(name);
        }

        var shadow = ShadowRuleText.Of(row.RuleText, _holder.Context).Value!.Shadow;
        var failed = EditRules(source => source.Contains(shadow, StringComparison.Ordinal) ? source.Replace(shadow, row.RuleText, StringComparison.Ordinal) : null, name);
        if (failed is not null)
        {
            return failed;
        }

        var now = _time.GetUtcNow();
        await _trials.PromoteAsync(merchantId, name, now, cancellationToken);
        row.PromotedAt = now.ToUnixTimeMilliseconds();
        return row.ToTrial(await _trials.ShadowHitsAsync(merchantId, name, row.AcceptedAt, cancellationToken), now);
    }

    // One edit of the running rules at a time, so two accepts cannot each append to the same old text.
    private Error? EditRules(Func<string, string?> edit, string? name = null)
    {
        lock (_ruleEdits)
        {
            if (edit(_holder.Current.Source) is not { } edited)
            {
                return RecommendationErrors.Changed(name ?? string.Empty);
            }

            var compilation = _holder.TryReplace(edited, "recommendation");
            return compilation.Success ? null : RecommendationErrors.Rule(compilation);
        }
    }

    private static bool Valid(ShopperEvidence e) =>
        e is { Shopper.Length: > 0 and <= 256, Evidence: { Purchases: >= 0, ChallengesPassed: >= 0, ChallengesFailed: >= 0, ShadowHits: >= 0 } };
}
