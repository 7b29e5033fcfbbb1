namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>The steps the consent record keeps, each with its time and message id.</summary>
public static class ConsentSteps
{
    /// <summary>The keyword texted in, or the web form submitted (with the consent text shown, page, address, user agent).</summary>
    public const string Requested = "requested";

    /// <summary>The confirmation request sent (message id: the exchange delivery).</summary>
    public const string ConfirmationSent = "confirmation_sent";

    /// <summary>Y or YES received (message id: the inbound MessageSid).</summary>
    public const string Confirmed = "confirmed";

    /// <summary>The welcome sent, with the referral offer.</summary>
    public const string WelcomeSent = "welcome_sent";

    /// <summary>STOP (or an alias) received.</summary>
    public const string Stopped = "stopped";

    /// <summary>The one STOP confirmation sent.</summary>
    public const string StopConfirmed = "stop_confirmed";

    /// <summary>START received after a STOP: a fresh confirmation request follows.</summary>
    public const string Rejoined = "rejoined";
}
