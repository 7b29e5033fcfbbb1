using System.Data.Common;
using System.Text.Json;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;
using Fairdrop.Learner.Storage;
using Microsoft.Extensions.Options;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// The exchange's <see cref="IDeliveryChooser"/> for senders with <c>"delivery": "learned"</c>: for one page of
/// recipients, loads their evidence and the merchant's priors, decides each jointly (<see cref="DeliveryDecider"/>)
/// and records every decision with its alternatives and propensity in the matcher's transaction. Each decision's
/// random stream is seeded from its delivery id, so a decision can be replayed.
/// </summary>
internal sealed class LearnedDeliveryChooser(IOptions<LearnerOptions> options) : IDeliveryChooser
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<IReadOnlyList<DeliveryChoice>> ChooseAsync(
        DbConnection connection, DbTransaction transaction, DeliveryOffer offer, IReadOnlyList<DeliveryQuestion> questions, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var priors = await LearnerStore.PriorsAsync(connection, transaction, offer.MerchantId, cancellationToken);
        var states = await LearnerStore.StatesAsync(connection, transaction, offer.MerchantId, [.. questions.Select(q => q.RecipientId)], cancellationToken);
        var terms = Terms(settings);
        var decider = new DeliveryDecider(offer.Now, offer.Deadline, offer.SendWindow, new SlotScorer(terms, settings.Exploration));
        var settleBy = offer.Deadline ?? offer.Now + settings.UsefulLifeWithoutDeadline;
        var today = (int)(offer.Now.UtcTicks / TimeSpan.TicksPerDay);
        var choices = new DeliveryChoice[questions.Count];
        var records = new List<DecisionRecord>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var state = states.GetValueOrDefault(q.RecipientId) ?? new RecipientState();
            state.DecayTo(today); // evidence weighed as of today, as the update will when it next writes the state
            var random = new LearnerRandom(Seed(q.DeliveryId));
            var decision = decider.Decide(q.Allowed, q.Zone, q.QuietHours, state, priors.For(q.Segment), settings.PropensityDraws, ref random);
            choices[i] = Choice(decision);
            records.Add(Record(offer, q, decision, settleBy));
        }

        await LearnerStore.InsertDecisionsAsync(connection, transaction, records, cancellationToken);
        return choices;
    }

    public static OfferTerms Terms(LearnerOptions settings) =>
        new(1, [0, settings.SmsCost, 0, 0, 0], null, settings.UsefulLifeWithoutDeadline);

    private static DeliveryChoice Choice(LearnedDecision decision)
    {
        if (decision.Reason != DropReason.None)
        {
            return DeliveryChoice.Drop(decision.Reason);
        }

        var chosen = decision.Choice;
        Channel? fallback = null;
        var fallbackValue = double.NegativeInfinity;
        foreach (var alternative in decision.Alternatives)
        {
            if (alternative.Channel != chosen.Channel && alternative.Expected > fallbackValue)
            {
                fallback = alternative.Channel;
                fallbackValue = alternative.Expected;
            }
        }

        return new DeliveryChoice(DropReason.None, chosen.Channel, fallback, chosen.SendAt);
    }

    private static DecisionRecord Record(DeliveryOffer offer, DeliveryQuestion q, LearnedDecision decision, DateTimeOffset settleBy)
    {
        var dropped = decision.Reason != DropReason.None;
        var alternatives = decision.Alternatives.Select((a, i) => new DecisionAlternative(
            ChannelName(a.Channel), a.SendAt, WeekBuckets.Describe(a.Bucket), Math.Round(a.Posterior.Mean, 4), Math.Round(a.Expected, 4), i == decision.Chosen)).ToList();
        var document = new DecisionDocument(DecisionSummary.Write(alternatives, offer.Now, q.Allowed, decision.Reason), alternatives);
        return new DecisionRecord(
            q.DeliveryId,
            offer.MerchantId,
            offer.DistributionId,
            q.RecipientId,
            q.Segment,
            dropped ? null : ChannelName(decision.Choice.Channel),
            dropped ? -1 : decision.Choice.Bucket,
            dropped ? offer.Now : decision.Choice.SendAt,
            settleBy,
            dropped ? decision.Reason.Code() : null,
            decision.Propensity,
            JsonSerializer.Serialize(document, Json),
            offer.Now);
    }

    public static string ChannelName(Channel channel) => JsonNamingPolicy.SnakeCaseLower.ConvertName(channel.ToString());

    private static ulong Seed(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return BitConverter.ToUInt64(bytes) ^ BitConverter.ToUInt64(bytes[8..]);
    }
}
