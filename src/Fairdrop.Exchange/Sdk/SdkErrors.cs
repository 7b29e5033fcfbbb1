using Fairdrop.Core.Errors;

namespace Fairdrop.Exchange.Sdk;

/// <summary>The browser SDK's stable error codes and the errors that carry them.</summary>
public static class SdkErrors
{
    /// <summary>No recipient of the merchant has the token's user as <c>contacts.inAppUserId</c>, so a push subscription has no one to belong to.</summary>
    public const string RecipientNotBound = "recipient_not_bound";

    public static Error NotBound(string userId) => Error.Of(
        ErrorKind.NotFound,
        RecipientNotBound,
        $"No recipient of this shop has contacts.inAppUserId '{userId}': the shop's backend creates or updates the recipient with that user id before the page enables push.");
}
