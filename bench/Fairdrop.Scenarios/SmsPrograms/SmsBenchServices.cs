using Fairdrop.Cli;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange.Inbound;
using Fairdrop.SmsPrograms;
using Fairdrop.SmsPrograms.Inbound;
using Fairdrop.SmsPrograms.Programs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Scenarios.SmsPrograms;

/// <summary>The executable's own services over a scratch database, with or without the programs' inbound handler, and a merchant with one program.</summary>
internal static class SmsBenchServices
{
    public const string Number = "+16505550100";

    public static async Task<(ServiceProvider Services, Guid MerchantId, Guid ProgramId)> CreateAsync(
        IReadOnlyDictionary<string, string?> storage, bool programsListen, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(storage)
        {
            ["Fairdrop:Exchange:RunWorkers"] = "false",
            ["Fairdrop:Restock:RunWorkers"] = "false",
            ["Fairdrop:Profiles:RunWorkers"] = "false",
        };
        var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken, s =>
        {
            // Every "DROPS" comes from a number the exchange does not know yet and is logged as such: both sides alike,
            // and console logging would be what is measured.
            s.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
            if (!programsListen)
            {
                s.Remove(s.Single(d => d.ServiceType == typeof(IInboundBatchHandler) && d.ImplementationType == typeof(ProgramInbound)));
            }
        });
        var (merchant, _) = await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken);
        var program = await services.GetRequiredService<SmsProgramService>().CreateAsync(
            merchant.Id, new NewSmsProgram("Bench Drops", "DROPS", "Up to 6 msgs/month", Numbers: [Number], RewardCodes: ["BENCH"]), cancellationToken);
        return (services, merchant.Id, program.TryGetValue(out var p, out var error) ? p.Id : throw new InvalidOperationException(error.Message));
    }

    /// <summary>The <paramref name="i"/>-th bench number: valid North American numbers over a mix of area codes (Florida, New York, California, Texas, Washington…).</summary>
    public static string Phone(int i)
    {
        ReadOnlySpan<int> areas = [305, 212, 650, 214, 206, 405, 410, 312, 602, 808, 907, 813, 617, 303];
        return $"+1{areas[i % areas.Length]}{2_000_000 + (i / areas.Length):D7}";
    }
}
