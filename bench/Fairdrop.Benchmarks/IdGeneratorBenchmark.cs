using BenchmarkDotNet.Attributes;
using Fairdrop.Core.Ids;

namespace Fairdrop.Benchmarks;

/// <summary>Sortable ids cost about what random ones do: UUID v7 from the injected clock against Guid.NewGuid.</summary>
[MemoryDiagnoser]
public class IdGeneratorBenchmark
{
    private readonly IdGenerator _ids = new(TimeProvider.System);

    [Benchmark(Baseline = true)]
    public Guid RandomV4() => Guid.NewGuid();

    [Benchmark]
    public Guid SortableV7() => _ids.NewId();
}
