using System.Globalization;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>
/// One measurable condition a rule can threshold: an activity query (or a user-agent family), optionally only on
/// requests of one action, or only on requests from a non-browser user agent (<see cref="NonBrowser"/>). <see cref="Thresholds"/> run from the strictest (fewest matches) to the loosest, so a
/// request that matches at index k matches at every looser one: its "bin" is the first index it matches.
/// </summary>
internal sealed record Feature(int Index, FeatureKind Kind, string Expression, string? OnlyAction, int Probe, long[] Thresholds, string Subject)
{
    public const byte NoMatch = byte.MaxValue;

    /// <summary>Only on requests whose user agent is one of <see cref="FeatureCatalog.AgentFamilies"/>.</summary>
    public bool NonBrowser { get; init; }

    /// <summary>Only on requests recorded without this header (one of <see cref="Decisions.RecordedHeaders.Names"/>), when set.</summary>
    public string? WithoutHeader { get; init; }

    public byte Bin(long value)
    {
        // The loosest threshold is last: most requests miss it, and then one comparison answers.
        var thresholds = Thresholds;
        switch (Kind)
        {
            case FeatureKind.UserAgent or FeatureKind.HeaderAbsent:
                return value != 0 ? (byte)0 : NoMatch;
            case FeatureKind.SinceLast:
                if (value >= thresholds[^1])
                {
                    return NoMatch;
                }

                for (var k = 0; ; k++)
                {
                    if (value < thresholds[k])
                    {
                        return (byte)k;
                    }
                }

            default:
                if (value <= thresholds[^1])
                {
                    return NoMatch;
                }

                for (var k = 0; ; k++)
                {
                    if (value > thresholds[k])
                    {
                        return (byte)k;
                    }
                }
        }
    }

    /// <summary>The rule condition at threshold <paramref name="k"/>, in the gate's language.</summary>
    public string Condition(int k)
    {
        var test = Kind switch
        {
            FeatureKind.SinceLast => $"{Expression} < {Duration(Thresholds[k])}",
            FeatureKind.UserAgent or FeatureKind.HeaderAbsent => Expression,
            _ => string.Create(CultureInfo.InvariantCulture, $"{Expression} > {Thresholds[k]}"),
        };
        return OnlyAction is not null ? $"action == \"{OnlyAction}\" and {test}"
            : NonBrowser ? $"{test} and user_agent matches \"{FeatureCatalog.NonBrowserPattern}\""
            : WithoutHeader is not null ? $"{test} and header(\"{WithoutHeader}\") == \"\""
            : test;
    }

    /// <summary>A rule name: letters, digits and underscores, saying what it tests.</summary>
    public string Name(int k)
    {
        var limit = Kind switch
        {
            FeatureKind.SinceLast => "under_" + Duration(Thresholds[k]),
            FeatureKind.UserAgent or FeatureKind.HeaderAbsent => string.Empty,
            _ => string.Create(CultureInfo.InvariantCulture, $"over_{Thresholds[k]}"),
        };
        var name = $"rec_{Subject}_{limit}{(OnlyAction is null ? string.Empty : "_on_" + OnlyAction)}{(NonBrowser ? "_non_browser" : string.Empty)}{(WithoutHeader is null ? string.Empty : "_without_" + WithoutHeader)}";
        return new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]).Trim('_').Replace("__", "_", StringComparison.Ordinal);
    }

    /// <summary>The threshold in plain words, for the explanation.</summary>
    public string Words(int k) => Kind switch
    {
        FeatureKind.SinceLast => $"less than {Duration(Thresholds[k])} after",
        FeatureKind.UserAgent => string.Empty,
        _ => string.Create(CultureInfo.InvariantCulture, $"more than {Thresholds[k]}"),
    };

    internal static string Duration(long milliseconds) =>
        milliseconds % 1000 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000}s") : string.Create(CultureInfo.InvariantCulture, $"{milliseconds}ms");
}
