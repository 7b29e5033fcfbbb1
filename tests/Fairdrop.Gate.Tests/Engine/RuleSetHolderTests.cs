using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Tests.Engine;

public sealed class RuleSetHolderTests
{
    [Fact]
    public void TryReplace_BadFile_KeepsGoodRules()
    {
        var gate = new Gate(Samples.IssueRules);
        var before = gate.Holder.Current;

        var compilation = gate.Holder.TryReplace("rule broken when action == then block", "test");

        Assert.False(compilation.Success);
        Assert.Same(before, gate.Holder.Current);
    }

    [Fact]
    public async Task TryReplace_UnderConcurrentRequests_EveryDecisionUsesAWholeRuleSet()
    {
        const string blockAll = "rule a when true then block\nrule b when true then block";
        const string logAll = "rule a when true then log\nrule b when true then log";
        var gate = new Gate(blockAll);
        using var stop = new CancellationTokenSource();
        var mixed = 0;
        var decided = 0;
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var request = Gate.Request("checkout", "c" + w);
            while (!stop.IsCancellationRequested)
            {
                var decision = await gate.Engine.DecideAsync(request, CancellationToken.None);
                var actions = decision.Rules.Rules.Select(r => r.Action).Distinct().Count();
                if (actions != 1 || decision.Matched.Count != 2)
                {
                    Interlocked.Increment(ref mixed);
                }

                Interlocked.Increment(ref decided);
            }
        })).ToArray();

        for (var i = 0; i < 200; i++)
        {
            Assert.True(gate.Holder.TryReplace(i % 2 == 0 ? logAll : blockAll, "test").Success);
            Assert.False(gate.Holder.TryReplace("rule a when nope then block", "test").Success);
            await Task.Yield();
        }

        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.Equal(0, mixed);
        Assert.True(decided > 0);
        Assert.Equal(GateAction.Block, gate.Holder.Current.Rules[0].Action);
    }
}
