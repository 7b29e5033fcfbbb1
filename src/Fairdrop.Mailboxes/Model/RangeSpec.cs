namespace Fairdrop.Mailboxes.Model;

/// <summary>
/// A permission time range as a merchant states it. <see cref="Length"/> only for <see cref="RangeKind.Rolling"/>,
/// <see cref="Start"/> for Since and Between, <see cref="Deadline"/> for Until and Between. Both ends are inclusive.
/// </summary>
public sealed record RangeSpec(RangeKind Kind, TimeSpan? Length = null, DateTimeOffset? Start = null, DateTimeOffset? Deadline = null);
