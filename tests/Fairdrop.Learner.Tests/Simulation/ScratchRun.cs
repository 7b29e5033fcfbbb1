using Fairdrop.Learner.Evaluation;
using Xunit.Abstractions;

namespace Fairdrop.Learner.Tests.Simulation;

public sealed class ScratchRun(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var shoppers = int.Parse(Environment.GetEnvironmentVariable("SCRATCH_SHOPPERS") ?? "2000");
        var days = int.Parse(Environment.GetEnvironmentVariable("SCRATCH_DAYS") ?? "30");
        var r = Evaluator.Run(shoppers, days, 42);
        foreach (var p in r.Policies)
        {
            output.WriteLine($"{p.Name,-22} rate {p.Rate:F4} [{p.Low:F4},{p.High:F4}] sent {p.Sent} regret {p.Regret:F0} viol {p.Violations} cap {p.CapDrops} noslot {p.NoSlotDrops} last {p.Curve[^1]:F3}");
        }

        foreach (var e in r.Estimates)
        {
            output.WriteLine($"{e.Target} ips {e.Ips:F4}±{e.IpsHalfWidth:F4} dr {e.DoublyRobust:F4}±{e.DrHalfWidth:F4} sim {e.Simulated}");
        }

        output.WriteLine($"uplift best fixed {r.Uplift(r.BestFixed):P1} ctt {r.Uplift(r.Policy("channel then time")):P1} elapsed {r.Elapsed}");
    }
}
