using BenchmarkDotNet.Running;

namespace Fairdrop.Benchmarks;

/// <summary>dotnet run -c Release --project bench/Fairdrop.Benchmarks -- --filter '*'</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
