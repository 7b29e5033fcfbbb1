using System.CommandLine;
using System.Text.Json;
using Fairdrop.SmsPrograms;
using Fairdrop.SmsPrograms.Hours;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.SmsPrograms;

/// <summary>
/// <c>fairdrop sms-programs report|consents|hours-rules</c>: a program's report (and its funnel chart as SVG), its
/// consent record as JSON lines for evidence, and the legal-hours rules table with sources.
/// </summary>
internal static class SmsProgramsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var command = new Command("sms-programs", "SMS programs: a program's report and funnel chart, its consent record, the legal-hours rules.");
        command.Subcommands.Add(Report());
        command.Subcommands.Add(Consents());
        command.Subcommands.Add(HoursRulesTable());
        return command;
    }

    private static Command Report()
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var program = new Argument<Guid>("program") { Description = "The program's id." };
        var svg = new Option<FileInfo?>("--svg") { Description = "Also write the referral funnel chart here, as SVG." };
        var command = new Command("report", "Subscribers by source, confirmation rate, opt-outs and the referral funnel, as JSON.") { program, merchant, svg };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var reports = services.GetRequiredService<SmsProgramReports>();
            var (merchantId, programId) = (parseResult.GetValue(merchant), parseResult.GetValue(program));
            if (!(await reports.ReportAsync(merchantId, programId, cancellationToken)).TryGetValue(out var report, out var error))
            {
                await Console.Error.WriteLineAsync($"fairdrop: {error.Code}: {error.Message}");
                return 2;
            }

            Console.WriteLine(JsonSerializer.Serialize(report, Json));
            if (parseResult.GetValue(svg) is { } file && (await reports.FunnelSvgAsync(merchantId, programId, cancellationToken)).TryGetValue(out var chart, out _))
            {
                await File.WriteAllTextAsync(file.FullName, chart, cancellationToken);
                await Console.Error.WriteLineAsync($"wrote {file.FullName}");
            }

            return 0;
        });
        return command;
    }

    private static Command Consents()
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var program = new Argument<Guid>("program") { Description = "The program's id." };
        var command = new Command("consents", "The program's consent record, every step, one JSON object a line (evidence export).") { program, merchant };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var programs = services.GetRequiredService<SmsProgramService>();
            Guid? after = null;
            while (true)
            {
                var page = await programs.ConsentRecordAsync(parseResult.GetValue(merchant), parseResult.GetValue(program), null, after, 1000, cancellationToken);
                if (!page.TryGetValue(out var events, out var error))
                {
                    await Console.Error.WriteLineAsync($"fairdrop: {error.Code}: {error.Message}");
                    return 2;
                }

                foreach (var step in events)
                {
                    Console.WriteLine(JsonSerializer.Serialize(step, Line));
                }

                if (events.Count < 1000)
                {
                    return 0;
                }

                after = events[^1].Id;
            }
        });
        return command;
    }

    private static Command HoursRulesTable()
    {
        var command = new Command("hours-rules", "The legal-hours rules: jurisdiction, local hours, messages per subject in 24 h, source.");
        command.SetAction(_ =>
        {
            foreach (var rule in HoursRules.All)
            {
                var cap = rule.PerSubjectPer24Hours is { } n ? $"{n} per subject per 24 h" : "no subject limit";
                Console.WriteLine($"{rule.Jurisdiction,-6} {rule.Hours.Start:HH\\:mm}-{rule.Hours.End:HH\\:mm}  {cap,-24} {rule.Source}");
            }

            return 0;
        });
        return command;
    }
}
