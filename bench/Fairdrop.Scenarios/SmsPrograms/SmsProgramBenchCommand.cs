using System.CommandLine;
using System.Globalization;
using Fairdrop.Cli;

namespace Fairdrop.Scenarios.SmsPrograms;

/// <summary>
/// <c>fairdrop-bench sms-program</c>: inbound keyword and confirmation texts handled per second with their consent
/// records against the exchange recording the same texts alone; and one alert to N subscribers planned under the
/// legal-hours rules against the same path planning every text for now. Each pair in the same run, on scratch SQLite
/// (or --postgres); the target is a ratio of at least 0.5 for both.
/// </summary>
internal static class SmsProgramBenchCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var numbers = new Option<int>("--numbers") { Description = "Numbers that each text DROPS then Y.", DefaultValueFactory = _ => 2_000 };
        var alerts = new Option<int>("--alerts") { Description = "Subscribers one alert is planned for.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("sms-program", "SMS programs: inbound opt-ins with consent records vs recording alone; alert planning under legal hours vs without.") { numbers, alerts };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (n, a) = (parseResult.GetValue(numbers), parseResult.GetValue(alerts));
            if (n < 1 || a < 1)
            {
                await Console.Error.WriteLineAsync("fairdrop-bench: --numbers and --alerts must be at least 1.");
                return 2;
            }

            void Progress(string step) => Console.Error.WriteLine($"bench sms-program: {step}");
            var (recordRate, programRate, handlingUs, steps) = await OnScratchAsync(
                parseResult, storage, alone => OnScratchAsync(parseResult, storage, programs => SmsInboundBenchmark.RunAsync(alone, programs, n, cancellationToken)));
            Progress("inbound, recorded alone and with programs: done");
            var (baseRate, basePlan) = await OnScratchAsync(parseResult, storage, s => SmsAlertPlanningBenchmark.RunAsync(s, applyHours: false, a, Progress, cancellationToken));
            var (rulesRate, rulesPlan) = await OnScratchAsync(parseResult, storage, s => SmsAlertPlanningBenchmark.RunAsync(s, applyHours: true, a, Progress, cancellationToken));
            var plannerNs = SmsAlertPlanningBenchmark.PlannerNanoseconds(a);

            var (inboundRatio, alertRatio) = (programRate / recordRate, rulesRate / baseRate);
            var f = CultureInfo.InvariantCulture;
            var database = storage.ToSettings(parseResult).ContainsKey("Fairdrop:Storage:Postgres") ? "PostgreSQL" : "SQLite";
            BenchReport.Print($"sms-program on {database}: {n:N0} numbers × (DROPS, Y); one alert to {a:N0} subscribers",
            [
                ("baseline: inbound recorded alone, messages/s", recordRate.ToString("N0", f)),
                ("programs: inbound with consent records, messages/s", programRate.ToString("N0", f)),
                ("ratio (programs / recorded alone)", inboundRatio.ToString("0.00", f)),
                ("programs: handling after the webhook, µs/message", handlingUs.ToString("N0", f)),
                ("consent steps recorded", steps.ToString("N0", f)),
                ("baseline: alert planned for now, alerts/s", baseRate.ToString("N0", f)),
                ("rules: alert under legal hours, alerts/s", rulesRate.ToString("N0", f)),
                ("ratio (rules / baseline)", alertRatio.ToString("0.00", f)),
                ("rules: planned / held / dropped", $"{rulesPlan.Planned:N0} / {rulesPlan.Held:N0} / {rulesPlan.Dropped:N0}"),
                ("baseline: planned / held", $"{basePlan.Planned:N0} / {basePlan.Held:N0}"),
                ("planner alone, ns per alert (in memory)", plannerNs.ToString("N1", f)),
            ],
            new
            {
                scenario = "sms-program",
                database,
                numbers = n,
                inbound_messages_per_s = Math.Round(programRate, 1),
                baseline_inbound_messages_per_s = Math.Round(recordRate, 1),
                inbound_ratio = Math.Round(inboundRatio, 3),
                handling_us_per_message = Math.Round(handlingUs, 1),
                consent_steps = steps,
                alerts = a,
                alerts_per_s = Math.Round(rulesRate, 1),
                baseline_alerts_per_s = Math.Round(baseRate, 1),
                alert_ratio = Math.Round(alertRatio, 3),
                held = rulesPlan.Held,
                dropped = rulesPlan.Dropped,
                planner_ns_per_alert = Math.Round(plannerNs, 1),
                ratio = Math.Round(Math.Min(inboundRatio, alertRatio), 3),
            });
            return inboundRatio >= 0.5 && alertRatio >= 0.5 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs one measurement on its own scratch SQLite folder (or the named database), removed afterwards.</summary>
    private static async Task<T> OnScratchAsync<T>(ParseResult parseResult, StorageArguments storage, Func<IReadOnlyDictionary<string, string?>, Task<T>> run)
    {
        var settings = storage.ToSettings(parseResult);
        using var scratch = ScratchStorage.For(settings);
        return await run(settings);
    }
}
