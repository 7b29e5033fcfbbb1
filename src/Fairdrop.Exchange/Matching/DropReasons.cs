namespace Fairdrop.Exchange.Matching;

/// <summary>The stable codes of <see cref="DropReason"/>, as the API and the funnel show them.</summary>
public static class DropReasons
{
    public static string Code(this DropReason reason) => reason switch
    {
        DropReason.OptedOut => "opted_out",
        DropReason.NoContact => "no_contact",
        DropReason.NoConsent => "no_consent",
        DropReason.CapReached => "cap_reached",
        DropReason.QuietHoursPastDeadline => "quiet_hours_past_deadline",
        DropReason.NoSendWindow => "no_send_window",
        DropReason.NoSlotBeforeDeadline => "no_slot_before_deadline",
        _ => "none",
    };
}
