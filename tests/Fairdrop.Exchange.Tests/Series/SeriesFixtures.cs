using System.Collections.Concurrent;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Series;

namespace Fairdrop.Exchange.Tests.Series;

/// <summary>The "back in stock, reply YES to hold" series the series tests launch, and a stock the holds come out of.</summary>
internal static class SeriesFixtures
{
    public static SeriesDefinition BackInStock(Guid senderId, string webhookUrl = "https://hooks.shop.example/series") => new(
        "Back in stock",
        senderId,
        "offer",
        [
            new SeriesStep(
                "offer",
                new StepMessage("Red sneaker is back", "Hold a pair for 15 minutes?", "Red sneaker is back. Reply YES to hold a pair for 15 min, NO to stop."),
                [
                    new ExpectedReply(["YES", "Y"], "Hold my pair", [new SeriesAction("hold", Target: "product", Id: "red-sneaker", Units: 1, Minutes: 15), new SeriesAction("goto", Step: "held")]),
                    new ExpectedReply(["NO"], "No thanks", [new SeriesAction("unsubscribe", Text: "Done, no more messages.")]),
                    new ExpectedReply(["HUMAN"], null, [new SeriesAction("handoff", Text: "A person will answer shortly.")]),
                ],
                null,
                "Reply YES to hold a pair, NO to stop.",
                new StepTimeout(60, [new SeriesAction("goto", Step: "reminder")])),
            new SeriesStep(
                "reminder",
                new StepMessage(null, "Still want one?", "Still want one? Reply YES."),
                [new ExpectedReply(["YES"], "Yes", [new SeriesAction("hold", Target: "product", Id: "red-sneaker", Units: 1, Minutes: 15), new SeriesAction("goto", Step: "held")])],
                null,
                null,
                new StepTimeout(60, null)),
            new SeriesStep(
                "held",
                new StepMessage("Held", "Held until {{ data.hold.expiresAt }}. Reply BUY to check out.", "Held until {{ data.hold.expiresAt }}. Reply BUY."),
                [new ExpectedReply(["BUY"], "Buy now", [
                    new SeriesAction("cart", Id: "red-sneaker", Url: "https://shop.example/cart/add", Text: "Check out: {{ data.cart.url }}"),
                    new SeriesAction("webhook", Url: webhookUrl)])],
                new ReplyOutcome([new SeriesAction("handoff")]),
                null,
                new StepTimeout(15, null)),
        ]);
}

/// <summary>
/// Holds out of a fixed stock, to the <see cref="ISeriesHolds"/> contract (idempotent by key, never more than the
/// stock, lapsing at expiry), kept in memory, so it ignores the transaction it is given (a hold asked for in an event
/// that is then rolled back stays counted). Restock's real holds, which write in it, have their own tests; this counts
/// what the series asked for.
/// </summary>
internal sealed class StockHolds(int stock, TimeProvider time) : ISeriesHolds
{
    private readonly ConcurrentDictionary<string, SeriesHold> _holds = new();

    public int Calls;

    public int Held => _holds.Values.Where(h => h.ExpiresAt > time.GetUtcNow()).Sum(h => h.Units);

    public Task<Result<SeriesHold>> HoldAsync(SeriesWrite write, SeriesHoldRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        lock (_holds)
        {
            if (_holds.TryGetValue(request.HoldKey, out var existing))
            {
                return Task.FromResult<Result<SeriesHold>>(existing);
            }

            if (Held + request.Units > stock)
            {
                return Task.FromResult<Result<SeriesHold>>(Error.Of(ErrorKind.Conflict, "hold_exceeds_stock", "Not enough stock."));
            }

            var hold = new SeriesHold(Guid.NewGuid(), request.Units, time.GetUtcNow() + request.Duration);
            _holds[request.HoldKey] = hold;
            return Task.FromResult<Result<SeriesHold>>(hold);
        }
    }
}
