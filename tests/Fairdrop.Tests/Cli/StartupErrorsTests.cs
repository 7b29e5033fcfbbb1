using Fairdrop.Batch.Definition;
using Fairdrop.Cli;
using Fairdrop.Core;
using Fairdrop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Tests.Cli;

/// <summary>Options are bound and validated at start (ValidateOnStart, as the host runs it), and a bad value is a startup error naming it.</summary>
public sealed class StartupErrorsTests
{
    [Theory]
    [InlineData("Fairdrop:Restock:JobInterval", "00:00:00", "JobInterval")]
    [InlineData("Fairdrop:Restock:WavePartitionThreads", "0", "WavePartitionThreads")]
    public void Start_OptionOutOfRange_FailsValidationNamingIt(string key, string value, string named)
    {
        var exception = Assert.IsType<OptionsValidationException>(Start(key, value));

        Assert.Contains(named, string.Join(' ', exception.Failures), StringComparison.Ordinal);
        Assert.StartsWith("invalid configuration:", StartupErrors.Explain(exception, "test")?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fairdrop:Restock:JobInterval", "soon")]
    [InlineData("Fairdrop:Exchange:Tracking:Opens", "maybe")]
    [InlineData("Fairdrop:Exchange:RunWorkers", "perhaps")]
    [InlineData("Fairdrop:Batch:RunWorkers", "perhaps")]
    public void Start_OptionOfTheWrongType_IsAnInvalidConfigurationNamingTheKey(string key, string value)
    {
        var exception = Start(key, value);
        var explained = exception is null ? null : StartupErrors.Explain(exception, "test");

        Assert.True(explained is not null, exception?.ToString() ?? "no error");
        Assert.StartsWith("invalid configuration:", explained.Message, StringComparison.Ordinal);
        Assert.Contains(key, explained.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_DefaultOptions_AreValid() => Assert.Null(Start("Fairdrop:Unused", "x"));

    /// <summary>What the host does at start: validate every options class registered with ValidateOnStart, then build the job registry.</summary>
    private static Exception? Start(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFairdropCore(configuration).AddFairdropModules(configuration);
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            provider.GetRequiredService<JobRegistry>();
            return null;
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            return exception;
        }
    }
}
