namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>One step of a subscriber's consent record (<see cref="ConsentSteps"/>), as exported for evidence.</summary>
public sealed record ConsentEvent(
    Guid Id,
    Guid SubscriberId,
    Guid ProgramId,
    string Step,
    DateTimeOffset OccurredAt,
    string? MessageId,
    string? Text,
    string? PageUrl,
    string? Ip,
    string? UserAgent);
