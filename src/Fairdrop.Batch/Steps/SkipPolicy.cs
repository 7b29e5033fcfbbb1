namespace Fairdrop.Batch.Steps;

/// <summary>Which failures skip an item instead of failing the step, and how many skips a step tolerates.</summary>
public sealed record SkipPolicy(int Limit, IReadOnlyList<Type> Skippable)
{
    public static readonly SkipPolicy None = new(0, []);

    public bool CanSkip(Exception exception) => Skippable.Any(type => type.IsInstanceOfType(exception));
}
