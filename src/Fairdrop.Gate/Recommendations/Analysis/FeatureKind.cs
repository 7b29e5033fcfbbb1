namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>How a feature's value compares with its thresholds.</summary>
internal enum FeatureKind
{
    /// <summary><c>since_last(...) &lt; t</c>: smaller is more suspicious.</summary>
    SinceLast,

    /// <summary><c>count(...) &gt; t</c>.</summary>
    Count,

    /// <summary><c>distinct(...) &gt; t</c>.</summary>
    Distinct,

    /// <summary><c>user_agent matches "..."</c>: 1 when the family matches.</summary>
    UserAgent,

    /// <summary><c>header("...") == ""</c>: 1 when the request was recorded without that header.</summary>
    HeaderAbsent,
}
