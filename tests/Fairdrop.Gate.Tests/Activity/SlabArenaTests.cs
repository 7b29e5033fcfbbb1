using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Tests.Activity;

public sealed unsafe class SlabArenaTests
{
    [Fact]
    public void Commit_PagesAlreadyWritten_KeepsEveryValue()
    {
        using var memory = new SlotMemory(64 * 4096);
        var values = (long*)memory.Start;
        for (var page = 0; page < 64; page += 2)
        {
            values[page * 512] = page + 1; // Every other page's first word written, as a shard may have done.
        }

        memory.Commit(0, memory.Bytes);

        for (var page = 0; page < 64; page++)
        {
            Assert.Equal(page % 2 == 0 ? page + 1 : 0, values[page * 512]);
        }
    }

    [Fact]
    public void Take_Chunks_CommitsAheadOfTheFrontOffTheCallersThread()
    {
        const long entries = 8L << 20 >> 3; // 8 MiB of entries
        using var memory = new SlotMemory(entries * sizeof(ulong));
        var arena = new SlabArena(memory, 0, entries);

        var first = arena.Take(1024);
        var second = arena.Take(1024);

        // Two huge pages past the front (16 KiB used): the commit runs on the thread pool, so wait for it (not a timing claim).
        var expected = (2048 * sizeof(ulong)) + (2L << 21);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (arena.CommittedBytes < expected && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Yield();
        }

        Assert.Equal((0, 1024), (first, second));
        Assert.Equal(expected, arena.CommittedBytes);
    }
}
