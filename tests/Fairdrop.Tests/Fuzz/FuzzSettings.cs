using System.Globalization;

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// How much the API fuzz does. By default the short CI lane: a fixed seed (a red build reproduces) and a few thousand
/// requests, stopped early by a time budget on a slow machine. FAIRDROP_FUZZ_LONG=1 is the long run (random seed,
/// 100,000 requests, 30 minutes); FAIRDROP_FUZZ_SEED and FAIRDROP_FUZZ_REQUESTS override either.
/// </summary>
internal sealed record FuzzSettings(int Seed, int MaxRequests, TimeSpan Budget, bool Long)
{
    public const int ShortLaneSeed = 17;

    public static FuzzSettings FromEnvironment()
    {
        var isLong = Environment.GetEnvironmentVariable("FAIRDROP_FUZZ_LONG") == "1";
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FAIRDROP_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s
            : isLong ? Random.Shared.Next() : ShortLaneSeed;
        var requests = int.TryParse(Environment.GetEnvironmentVariable("FAIRDROP_FUZZ_REQUESTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : isLong ? 100_000 : 8_000;
        return new FuzzSettings(seed, requests, isLong ? TimeSpan.FromMinutes(30) : TimeSpan.FromSeconds(75), isLong);
    }
}
