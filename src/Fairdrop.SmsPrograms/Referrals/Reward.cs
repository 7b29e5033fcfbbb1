using Fairdrop.SmsPrograms.Subscribers;

namespace Fairdrop.SmsPrograms.Referrals;

/// <summary>A referral that earned its referrer a reward: the code from the pool (null when the program rewards by webhook only).</summary>
internal sealed record Reward(Subscriber Referrer, Guid ReferralId, Guid FriendId, string? Code);
