namespace Fairdrop.MerchantConsole.Charts;

/// <summary>One group of bars: a label (a product and round, an hour) and one value per series.</summary>
public sealed record ChartGroup(string Label, IReadOnlyList<long> Values);
