namespace Fairdrop.SmsPrograms.Reports;

/// <summary>
/// A program's figures: subscribers by source, how many requests were confirmed, opt-outs, and the referral funnel
/// (offers sent → codes used → confirmed friends → rewards), for the program and per referrer.
/// </summary>
public sealed record ProgramReport(
    Guid ProgramId,
    IReadOnlyList<SourceCount> BySource,
    int Requested,
    int Confirmed,
    double ConfirmationRate,
    int OptOuts,
    ReferralFunnel Funnel,
    IReadOnlyList<ReferrerFunnel> Referrers);

/// <summary>Subscribers who joined one way, by their status now.</summary>
public sealed record SourceCount(string Source, int Pending, int Active, int Stopped);

/// <summary>The referral funnel: welcome offers sent, codes used by friends, friends confirmed, rewards issued.</summary>
public sealed record ReferralFunnel(int OffersSent, int CodesUsed, int ConfirmedFriends, int Rewards);

/// <summary>One referrer's part of the funnel.</summary>
public sealed record ReferrerFunnel(Guid SubscriberId, int CodesUsed, int ConfirmedFriends, int Rewards);
