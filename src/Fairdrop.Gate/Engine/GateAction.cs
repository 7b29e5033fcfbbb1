namespace Fairdrop.Gate.Engine;

/// <summary>What the gate does with a request, in increasing severity: the most severe matching rule wins.</summary>
public enum GateAction
{
    Allow = 0,
    Log = 1,
    Delay = 2,
    Queue = 3,
    Challenge = 4,
    Block = 5,
}
