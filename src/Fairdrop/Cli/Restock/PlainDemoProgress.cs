namespace Fairdrop.Cli.Restock;

/// <summary>One line per step, for logs and pipes.</summary>
internal sealed class PlainDemoProgress : IDemoProgress
{
    public void Step(string description, double percent) => Console.WriteLine($"demo: {description}");
}
