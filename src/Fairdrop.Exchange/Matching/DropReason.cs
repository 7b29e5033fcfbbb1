namespace Fairdrop.Exchange.Matching;

/// <summary>Why a recipient gets no delivery; an expected outcome, counted in the funnel.</summary>
public enum DropReason
{
    None = 0,
    OptedOut,
    NoContact,
    NoConsent,
    CapReached,
    QuietHoursPastDeadline,
    NoSendWindow,

    /// <summary>A learned delivery found no allowed slot on any allowed channel before the deadline.</summary>
    NoSlotBeforeDeadline,
}
