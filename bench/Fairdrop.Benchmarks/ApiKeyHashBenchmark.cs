using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Fairdrop.Core.Tenancy;

namespace Fairdrop.Benchmarks;

/// <summary>Every authenticated API call hashes its key once: the stack-buffer hash against the obvious allocating one.</summary>
[MemoryDiagnoser]
public class ApiKeyHashBenchmark
{
    private readonly string _key = ApiKeySecrets.Create();

    [Benchmark(Baseline = true)]
    public byte[] EncodeThenHash() => SHA256.HashData(Encoding.UTF8.GetBytes(_key));

    [Benchmark]
    public byte[] FairdropHash() => ApiKeySecrets.Hash(_key);
}
