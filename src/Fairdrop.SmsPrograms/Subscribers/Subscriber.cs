namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>One number in one program: its status (<see cref="SubscriberStatus"/>), how it joined, and its referral code.</summary>
public sealed record Subscriber(
    Guid Id,
    Guid ProgramId,
    string Phone,
    Guid RecipientId,
    string Status,
    string Source,
    string ReferralCode,
    DateTimeOffset RequestedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? StoppedAt);
