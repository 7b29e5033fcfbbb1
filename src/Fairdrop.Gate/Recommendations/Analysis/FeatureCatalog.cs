namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// The conditions the recommender considers: <c>since_last</c> and <c>count</c> per action and identity, <c>distinct</c>
/// between identities, each on every request, only on its own action, only from a non-browser user agent, or only on
/// requests without the fetch-metadata header browsers send; and
/// user-agent families of non-browsers alone.
/// The activity ones are measured by one replay of <see cref="ProbeRules"/>, the gate's own engine answering them.
/// </summary>
internal sealed class FeatureCatalog
{
    private static readonly long[] SinceLastMs = [100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000];
    private static readonly long[] Counts = [50, 30, 20, 15, 10, 8, 6, 5, 4, 3, 2, 1];
    private static readonly long[] Distincts = [20, 15, 10, 8, 6, 5, 4, 3, 2, 1];
    private static readonly string[] Who = ["customer", "session", "ip"];

    /// <summary>User-agent families that are not a person's browser: (pattern, name).</summary>
    internal static readonly (string Pattern, string Name)[] AgentFamilies =
    [
        ("python-requests", "python_requests"), ("curl/", "curl"), ("go-http-client", "go_http_client"), ("headlesschrome", "headless_chrome"),
        ("scrapy", "scrapy"), ("okhttp", "okhttp"), ("phantomjs", "phantomjs"),
    ];

    /// <summary>
    /// The header whose absence restricts the fourth variant of each activity feature: browsers send Sec-Fetch-Site
    /// with every request (all current engines), HTTP libraries and most scripts do not.
    /// </summary>
    public const string FetchMetadataHeader = "sec-fetch-site";

    /// <summary>Any of <see cref="AgentFamilies"/>, as one case-insensitive pattern of the rule language.</summary>
    public static string NonBrowserPattern { get; } = "(?i)(" + string.Join('|', AgentFamilies.Select(f => f.Pattern)) + ")";

    public FeatureCatalog()
    {
        var probes = new List<string>();
        var features = new List<Feature>();
        void Add(FeatureKind kind, string expression, string action, long[] thresholds, string subject)
        {
            probes.Add(expression);
            features.Add(new Feature(features.Count, kind, expression, null, probes.Count - 1, thresholds, subject));
            features.Add(new Feature(features.Count, kind, expression, action, probes.Count - 1, thresholds, subject));
            features.Add(new Feature(features.Count, kind, expression, null, probes.Count - 1, thresholds, subject) { NonBrowser = true });
            features.Add(new Feature(features.Count, kind, expression, null, probes.Count - 1, thresholds, subject) { WithoutHeader = FetchMetadataHeader });
        }

        foreach (var who in Who)
        {
            foreach (var action in (string[])["add_to_cart", "checkout", "view_product"])
            {
                Add(FeatureKind.SinceLast, $"since_last(\"{action}\", {who})", action, SinceLastMs, $"{action}_by_{who}");
            }

            foreach (var action in (string[])["add_to_cart", "checkout"])
            {
                foreach (var window in (string[])["10s", "1m"])
                {
                    Add(FeatureKind.Count, $"count(\"{action}\", {who}, {window})", action, Counts, $"{action}s_by_{who}_in_{window}");
                }
            }
        }

        foreach (var (who, other) in (ReadOnlySpan<(string, string)>)[("ip", "session"), ("ip", "customer"), ("customer", "ip"), ("customer", "session")])
        {
            Add(FeatureKind.Distinct, $"distinct({who}, {other}, 10m)", "add_to_cart", Distincts, $"{other}s_per_{who}_in_10m");
        }

        ActivityFeatures = features.Count;
        foreach (var (pattern, name) in AgentFamilies)
        {
            features.Add(new Feature(features.Count, FeatureKind.UserAgent, $"user_agent matches \"(?i){pattern}\"", null, -1, [1], "agent_" + name));
        }

        // After the families, in this order: one bit each above theirs in the scan's flags.
        foreach (var header in Decisions.RecordedHeaders.Names)
        {
            features.Add(new Feature(features.Count, FeatureKind.HeaderAbsent, $"header(\"{header}\") == \"\"", null, -1, [1], "no_" + header.Replace('-', '_')));
        }

        Probes = probes;
        Features = features;
    }

    /// <summary>The activity expressions, one probe (and one activity slot) each.</summary>
    public IReadOnlyList<string> Probes { get; }

    public IReadOnlyList<Feature> Features { get; }

    /// <summary>
    /// The activity features come first, in fours (on every request, on its own action only, from a non-browser only,
    /// without <see cref="FetchMetadataHeader"/> only);
    /// user-agent families follow, then the recorded headers' absence.
    /// </summary>
    public int ActivityFeatures { get; }

    /// <summary>Shadow rules, in the order of <paramref name="probes"/>, that never match but make the engine answer those probes for every request.</summary>
    public string ProbeRules(IEnumerable<int> probes) =>
        string.Join('\n', probes.Select(i => $"rule probe_{i} shadow when {Probes[i]} {(Probes[i].StartsWith("since_last", StringComparison.Ordinal) ? "< 0ms" : "< 0")} then log"));
}
