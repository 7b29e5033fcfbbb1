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
/// The programs handle texts in batches after the webhook answered (docs/adr/0028), so each side's time runs until
/// every text it was sent is handled: a slice's keywords, then their handling, then the slice's Ys (each number's Y
/// after its confirmation request, as a shopper's comes), then theirs.
/// </summary>
internal static class SmsInboundBenchmark
{
    private const int Slice = 50;

    /// <summary>
    /// Both sides on their own database, measured in alternating slices of <see cref="Slice"/> numbers, so load from
    /// elsewhere on the machine falls on both alike: messages per second recorded alone, with programs, the programs'
    /// handling after the webhook in microseconds a message (part of their time), and the consent steps written.
    /// </summary>
    public static async Task<(double RecordedPerSecond, double ProgramsPerSecond, double HandlingMicroseconds, long ConsentSteps)> RunAsync(
        IReadOnlyDictionary<string, string?> recordedStorage, IReadOnlyDictionary<string, string?> programsStorage, int numbers, CancellationToken cancellationToken)
    {
        var (recorded, recordedMerchant, _) = await SmsBenchServices.CreateAsync(recordedStorage, programsListen: false, cancellationToken);
        await using (recorded)
        {
            var (programs, programsMerchant, _) = await SmsBenchServices.CreateAsync(programsStorage, programsListen: true, cancellationToken);
            await using (programs)
            {
                var (alone, withPrograms) = (recorded.GetRequiredService<InboundService>(), programs.GetRequiredService<InboundService>());
                var warm = Math.Min(200, numbers);
                await SendAsync(alone, recordedMerchant, 0, warm, cancellationToken);
                await SendAsync(withPrograms, programsMerchant, 0, warm, cancellationToken);
                var (aloneTime, programsTime, handlingTime) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
                for (var from = warm; from < warm + numbers; from += Slice)
                {
                    var to = Math.Min(from + Slice, warm + numbers);
                    var clock = Stopwatch.StartNew();
                    await SendAsync(alone, recordedMerchant, from, to, cancellationToken);
                    aloneTime += clock.Elapsed;
                    clock.Restart();
                    handlingTime += await SendAsync(withPrograms, programsMerchant, from, to, cancellationToken);
                    programsTime += clock.Elapsed;
                }

                await using var connection = await programs.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
                var steps = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM sms_consent_events", cancellationToken: cancellationToken));
                return (2.0 * numbers / aloneTime.TotalSeconds, 2.0 * numbers / programsTime.TotalSeconds, handlingTime.TotalMicroseconds / (2.0 * numbers), steps);
            }
        }
    }

    /// <summary>The slice's keywords, their handling, the slice's Ys, theirs; returns the time the handling took.</summary>
    private static async Task<TimeSpan> SendAsync(InboundService inbound, Guid merchantId, int from, int to, CancellationToken cancellationToken)
    {
        var handling = TimeSpan.Zero;
        foreach (var (sid, body) in new[] { ("SMj", "DROPS"), ("SMy", "Y") })
        {
            for (var i = from; i < to; i++)
            {
                await Routed(inbound.ReceiveSmsAsync(merchantId, $"{sid}{i}", SmsBenchServices.Phone(i), SmsBenchServices.Number, body, cancellationToken));
            }

            var start = Stopwatch.GetTimestamp();
            await inbound.HandleWaitingAsync(cancellationToken);
            handling += Stopwatch.GetElapsedTime(start);
        }

        return handling;
    }

    private static async Task Routed(Task<Core.Errors.Result<InboundResult>> routing)
    {
        if (!(await routing).TryGetValue(out _, out var error))
        {
            throw new InvalidOperationException($"{error.Code}: {error.Message}");
        }
    }
}
