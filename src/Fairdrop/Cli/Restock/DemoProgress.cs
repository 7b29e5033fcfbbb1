namespace Fairdrop.Cli.Restock;

/// <summary>Where the demo reports what it is doing: a live display on a terminal, plain lines otherwise.</summary>
internal interface IDemoProgress
{
    void Step(string description, double percent);
}
