using System.Diagnostics;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Inbound;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.SmsPrograms;

/// <summary>
/// Inbound keyword and confirmation texts ("DROPS", then "Y", from each of N numbers) through the exchange's inbound
/// path: with the programs listening (subscriber, consent steps, confirmation and welcome handed to the exchange) and,
/// as the baseline, the same messages recorded by the exchange alone. One caller, one message at a time, both alike.
/// </summary>
internal static class SmsInboundBenchmark
{
    public static async Task<(double PerSecond, long ConsentSteps)> RunAsync(
        IReadOnlyDictionary<string, string?> storage, bool programsListen, int numbers, CancellationToken cancellationToken)
    {
        var (services, merchantId, _) = await SmsBenchServices.CreateAsync(storage, programsListen, cancellationToken);
        await using (services)
        {
            var inbound = services.GetRequiredService<InboundService>();
            var warm = Math.Min(200, numbers);
            await SendAsync(inbound, merchantId, 0, warm, cancellationToken);
            var clock = Stopwatch.StartNew();
            await SendAsync(inbound, merchantId, warm, warm + numbers, cancellationToken);
            var rate = 2.0 * numbers / clock.Elapsed.TotalSeconds;
            await using var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
            var steps = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sms_consent_events", cancellationToken: cancellationToken));
            return (rate, steps);
        }
    }

    private static async Task SendAsync(InboundService inbound, Guid merchantId, int from, int to, CancellationToken cancellationToken)
    {
        for (var i = from; i < to; i++)
        {
            var phone = SmsBenchServices.Phone(i);
            await Routed(inbound.ReceiveSmsAsync(merchantId, $"SMj{i}", phone, SmsBenchServices.Number, "DROPS", cancellationToken));
            await Routed(inbound.ReceiveSmsAsync(merchantId, $"SMy{i}", phone, SmsBenchServices.Number, "Y", cancellationToken));
        }
    }

    private static async Task Routed(Task<Core.Errors.Result<InboundResult>> routing)
    {
        if (!(await routing).TryGetValue(out _, out var error))
        {
            throw new InvalidOperationException($"{error.Code}: {error.Message}");
        }
    }
}
