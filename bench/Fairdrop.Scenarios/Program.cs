namespace Fairdrop.Scenarios;

/// <summary>dotnet run -c Release --project bench/Fairdrop.Scenarios -- SCENARIO [options]</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => ScenarioCommand.InvokeAsync(args);
}
