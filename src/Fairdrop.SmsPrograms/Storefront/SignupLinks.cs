using Fairdrop.Exchange;
using Microsoft.Extensions.Options;

namespace Fairdrop.SmsPrograms.Storefront;

/// <summary>
/// Addresses of the hosted sign-up page under the exchange's public base URL (what texted links start with): the page
/// itself, as the consent record's page URL, and with a referral code, the link a welcome can offer to forward.
/// </summary>
internal sealed class SignupLinks(IOptions<ExchangeOptions> exchange)
{
    public const string PathPrefix = "/p/sms/";

    // The id without hyphens: four characters fewer in a text that is billed by the segment.
    public string Page(Guid programId) => $"{exchange.Value.PublicBaseUrl.TrimEnd('/')}{PathPrefix}{programId:N}";

    public string Referral(Guid programId, string code) => $"{Page(programId)}?ref={Uri.EscapeDataString(code)}";
}
