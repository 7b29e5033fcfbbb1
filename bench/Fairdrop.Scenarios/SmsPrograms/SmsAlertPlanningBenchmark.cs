using System.Diagnostics;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms;
using Fairdrop.SmsPrograms.Alerts;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.SmsPrograms;

/// <summary>
/// One alert to N confirmed subscribers through <see cref="SmsAlertService"/>: planned under the hours rules (zones and
/// state from each number, the subject limit, deliveries and records written) and, as the baseline, the same path with
/// every text planned for now. Subscribers are seeded straight into the module's table (not timed); deliveries are
/// written, not sent. Also the planner alone, in memory, in nanoseconds per alert.
/// </summary>
internal static class SmsAlertPlanningBenchmark
{
    public static async Task<(double PerSecond, AlertPlan Plan)> RunAsync(
        IReadOnlyDictionary<string, string?> storage, bool applyHours, int subscribers, Action<string> progress, CancellationToken cancellationToken)
    {
        var (services, merchantId, programId) = await SmsBenchServices.CreateAsync(storage, programsListen: true, cancellationToken);
        await using (services)
        {
            progress($"seeding {subscribers:N0} subscribers");
            await SeedAsync(services, merchantId, programId, subscribers, cancellationToken);
            progress(applyHours ? "alert under the hours rules" : "alert without the rules (baseline)");
            var alerts = services.GetRequiredService<SmsAlertService>();
            var clock = Stopwatch.StartNew();
            var result = await alerts.SendAsync(merchantId, programId, new SmsAlert("bench", "sku-1", "Red shoes are back"), applyHours, cancellationToken);
            var rate = subscribers / clock.Elapsed.TotalSeconds;
            return (rate, result.TryGetValue(out var plan, out var error) ? plan : throw new InvalidOperationException(error.Message));
        }
    }

    /// <summary>The planner alone: nanoseconds per alert over the same numbers, locations cached as in the service.</summary>
    public static double PlannerNanoseconds(int alerts)
    {
        var phones = Enumerable.Range(0, alerts).Select(SmsBenchServices.Phone).ToArray();
        var ids = phones.Select(_ => Guid.NewGuid()).ToArray();
        var scheduler = new AlertScheduler(TimeProvider.System.GetUtcNow(), null, new Dictionary<Guid, List<DateTimeOffset>>());
        var clock = Stopwatch.StartNew();
        var held = 0;
        for (var i = 0; i < phones.Length; i++)
        {
            held += scheduler.Plan(ids[i], phones[i]).SendAt is null ? 0 : 1;
        }

        GC.KeepAlive(held);
        return clock.Elapsed.TotalNanoseconds / alerts;
    }

    private static async Task SeedAsync(IServiceProvider services, Guid merchantId, Guid programId, int count, CancellationToken cancellationToken)
    {
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var ids = services.GetRequiredService<IdGenerator>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        using var rows = new MultiRowInsert(
            connection, "sms_subscribers",
            ["id", "program_id", "merchant_id", "phone", "recipient_id", "status", "source", "referral_code", "created_at", "requested_at", "confirmed_at"], string.Empty);
        var row = new object?[11];
        for (var i = 0; i < count; i++)
        {
            row[0] = ids.NewId();
            row[1] = programId;
            row[2] = merchantId;
            row[3] = SmsBenchServices.Phone(i);
            row[4] = Guid.NewGuid();
            row[5] = SubscriberStatus.Active;
            row[6] = SubscriberSources.Keyword;
            row[7] = $"B{i:D9}";
            row[8] = now;
            row[9] = now;
            row[10] = now;
            rows.Add(row);
            if (rows.Pending >= 10_000)
            {
                await rows.ExecuteAsync(write.Transaction, cancellationToken);
            }
        }

        await rows.ExecuteAsync(write.Transaction, cancellationToken);
        await write.CommitAsync(cancellationToken);
    }
}
