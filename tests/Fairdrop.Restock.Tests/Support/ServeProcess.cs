using Fairdrop.Testing;

namespace Fairdrop.Restock.Tests.Support;

/// <summary>The real <c>fairdrop serve</c> on a test database, for the crash tests, and waiting on what it does.</summary>
internal static class ServeProcess
{
    private const string OperatorKey = "restock-crash-operator-key-0123456789";

    /// <summary>Starts <c>fairdrop serve</c> on <paramref name="db"/> with short job intervals and leases, plus <paramref name="settings"/>.</summary>
    public static FairdropProcess Start(TestDatabase db, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["FAIRDROP_OPERATOR_KEY"] = OperatorKey,
            ["Fairdrop__Restock__JobInterval"] = "00:00:01",
            ["Fairdrop__Batch__PollInterval"] = "00:00:00.200",
            ["Fairdrop__Batch__LeaseDuration"] = "00:00:02",
            ["Fairdrop__Batch__HeartbeatInterval"] = "00:00:01",
        };
        if (db.PostgresConnectionString is { } postgres)
        {
            environment["FAIRDROP_POSTGRES"] = postgres;
        }
        else
        {
            environment["FAIRDROP_DATA"] = db.DataDirectory!;
        }

        return FairdropProcess.Start(["serve", "--urls", $"http://127.0.0.1:{FairdropProcess.FreePort()}"], environment);
    }

    /// <summary>Polls <paramref name="done"/> until it holds; past <paramref name="limit"/>, fails with the server's log.</summary>
    public static async Task PollAsync(Func<Task<bool>> done, FairdropProcess server, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The server did not get there within {limit}.\n{server.StandardError}");
            }

            await Task.Delay(20);
        }
    }
}
