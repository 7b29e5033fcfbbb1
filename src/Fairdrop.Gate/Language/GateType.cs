namespace Fairdrop.Gate.Language;

/// <summary>The types of the rule language. Durations are never numbers: <c>since_last(...) &lt; 1</c> is an error.</summary>
internal enum GateType
{
    Error,
    Bool,
    Number,
    Duration,
    String,
    Ip,
    StringList,
    IpList,
    Identity,
}
