namespace Fairdrop.SmsPrograms.Referrals;

/// <summary>A referral's funnel: the code used by a friend, the friend confirmed, the referrer rewarded.</summary>
public static class ReferralStatus
{
    public const string Used = "used";
    public const string Confirmed = "confirmed";
    public const string Rewarded = "rewarded";

    /// <summary>Why a confirmed friend brought no reward.</summary>
    public const string ReferrerLeft = "referrer_left";
    public const string DailyCap = "daily_cap";
    public const string PoolEmpty = "pool_empty";
}
