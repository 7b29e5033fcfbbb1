namespace Fairdrop.Exchange.Dispatch;

/// <summary>What the dispatcher does with a delivery found uncertain after a crash: sent, or maybe not.</summary>
public enum RecoveryPolicy
{
    /// <summary>Send it again with the same idempotency identity (Message-ID, webhook-id, push Topic, inbox id, SMS lookup), recorded as a possible duplicate.</summary>
    Resend = 0,

    /// <summary>Park it as <c>uncertain</c> until the operator resends or drops it.</summary>
    Hold = 1,
}
