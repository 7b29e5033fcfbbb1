using Fairdrop.Batch;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Running;
using Fairdrop.Batch.TestHost;
using Fairdrop.Core;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Usage: run JOB NODE [name=value...] | work NODE; the database comes from FAIRDROP_* environment variables.
var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Fairdrop:Batch:LeaseDuration"] = "00:00:02",
        ["Fairdrop:Batch:HeartbeatInterval"] = "00:00:00.500",
        ["Fairdrop:Batch:PollInterval"] = "00:00:00.200",
        ["Fairdrop:Batch:RunWorkers"] = "false",
        ["Fairdrop:Batch:NodeName"] = args[args[0] == "run" ? 2 : 1],
    })
    .AddEnvironmentVariables("FAIRDROP_HOST_")
    .Build();
var services = new ServiceCollection()
    .AddLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning))
    .AddFairdropCore(configuration)
    .AddFairdropBatch(configuration)
    .AddTestJobs();
await using var provider = services.BuildServiceProvider();
await provider.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
await TestJobs.CreateTableAsync(provider.GetRequiredService<DbConnectionFactory>(), CancellationToken.None);

if (args[0] == "work")
{
    var worker = provider.GetRequiredService<BatchWorker>();
    while (true)
    {
        if (!await worker.RunOnceAsync(CancellationToken.None))
        {
            await Task.Delay(100);
        }
    }
}

var launcher = provider.GetRequiredService<JobLauncher>();
var parameters = JobParameters.From(args.Skip(3).Select(a => a.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])));
while (true)
{
    var result = await launcher.RunAsync(args[1], parameters, rerun: false, CancellationToken.None);
    if (result.IsSuccess)
    {
        Console.WriteLine($"{result.Value!.Id} {result.Value.Status}");
        return result.Value.Status == BatchStatus.Completed ? 0 : 1;
    }

    if (result.Error!.Code == BatchErrorCodes.AlreadyCompleted)
    {
        Console.WriteLine("completed");
        return 0;
    }

    if (result.Error.Code != BatchErrorCodes.AlreadyRunning)
    {
        Console.Error.WriteLine(result.Error.Message);
        return 2;
    }

    // A killed predecessor's lease is still live: wait for it to expire, then take the execution over.
    await Task.Delay(100);
}
