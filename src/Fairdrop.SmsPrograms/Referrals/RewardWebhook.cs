using System.Text.Json.Serialization;

namespace Fairdrop.SmsPrograms.Referrals;

/// <summary>
/// What a program posts to its reward webhook for each rewarded referral, once (the exchange's delivery id is the
/// <c>webhook-id</c>, so a receiver can drop a retry): the referrer's number so the shop can reward them.
/// </summary>
internal sealed record RewardWebhook(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("programId")] Guid ProgramId,
    [property: JsonPropertyName("referralId")] Guid ReferralId,
    [property: JsonPropertyName("referrerSubscriberId")] Guid ReferrerSubscriberId,
    [property: JsonPropertyName("referrerPhone")] string ReferrerPhone,
    [property: JsonPropertyName("friendSubscriberId")] Guid FriendSubscriberId,
    [property: JsonPropertyName("rewardCode")] string? RewardCode,
    [property: JsonPropertyName("rewardedAt")] DateTimeOffset RewardedAt);
