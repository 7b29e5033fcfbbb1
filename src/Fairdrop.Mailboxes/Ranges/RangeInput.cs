using System.Xml;
using Fairdrop.Core.Errors;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Ranges;

/// <summary>Reads a range as the API and the CLI take it: a kind name, an ISO 8601 duration (<c>P30D</c>) and instants.</summary>
public static class RangeInput
{
    public static Result<RangeSpec> Parse(string? kind, string? length, DateTimeOffset? start, DateTimeOffset? deadline, string prefix = "")
    {
        if (!Enum.TryParse<RangeKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
        {
            return Error.Validation(prefix + "kind", "The kind must be rolling, since, until or between.");
        }

        TimeSpan? span = null;
        if (!string.IsNullOrEmpty(length))
        {
            try
            {
                span = XmlConvert.ToTimeSpan(length);
            }
            catch (FormatException)
            {
                return Error.Validation(prefix + "length", "The length must be an ISO 8601 duration such as P30D or PT12H.");
            }
            catch (OverflowException)
            {
                return Error.Validation(prefix + "length", "The length is too long.");
            }
        }

        var range = new RangeSpec(parsed, span, start, deadline);
        return RangeRules.Validate(range, prefix) is { } error ? error : range;
    }

    /// <summary>A range's length as the API writes it (ISO 8601), or null.</summary>
    public static string? Length(RangeSpec range) => range.Length is { } length ? XmlConvert.ToString(length) : null;
}
