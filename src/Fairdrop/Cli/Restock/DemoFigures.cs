namespace Fairdrop.Cli.Restock;

/// <summary>One wave as the demo saw it: the stock it was sized from and the alerts it wrote.</summary>
internal sealed record DemoWave(long Number, long StockBefore, long Alerts, long Clicks, long Purchases);

/// <summary>The closing funnel of <c>fairdrop demo</c>; also printed as the last line, in JSON, for scripts and tests.</summary>
internal sealed record DemoFigures(
    string Provider, string DataDirectory, string Mail, long Waiting, long Alerted, long DistinctAlerted, long Sent, long InAppDelivered,
    long Emails, long EmailFiles, long Clicked, long Purchased, double Revenue, long Units, double AlertsPerUnit, string RoundStatus,
    IReadOnlyList<DemoWave> Waves);
