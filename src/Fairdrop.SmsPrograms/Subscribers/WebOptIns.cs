using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.SmsPrograms.Referrals;
using Fairdrop.SmsPrograms.Storage;

namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>
/// A web-form opt-in, from the merchant's backend, a storefront or the hosted page alike: checked field by field first
/// (so every caller refuses the same input the same way, before anything is counted or stored), then the request of the
/// double opt-in with the form's evidence on its <c>requested</c> step.
/// </summary>
internal sealed class WebOptIns(DbConnectionFactory connections, SubscriptionFlow flow, TimeProvider time)
{
    /// <summary>The number in E.164, or the first bad field: <c>phone</c>, <c>consentText</c>, <c>pageUrl</c>.</summary>
    public static Result<string> Validate(WebOptIn form)
    {
        if (!ExchangeIntake.NormaliseContact(Channel.Sms, form.Phone, "phone").TryGetValue(out var phone, out var error))
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(form.ConsentText) || form.ConsentText.Length > 2000)
        {
            return Error.Validation("consentText", "consentText, the consent wording the form showed, is required (at most 2000 characters).");
        }

        if (!Uri.TryCreate(form.PageUrl, UriKind.Absolute, out var page) || page.Scheme is not ("https" or "http") || form.PageUrl!.Length > 2000)
        {
            return Error.Validation("pageUrl", "pageUrl, the absolute http(s) address of the form's page, is required.");
        }

        return phone;
    }

    /// <summary>The request, in its own transaction; <paramref name="phone"/> is the number <see cref="Validate"/> returned.</summary>
    public async Task<Subscriber> RequestAsync(StoredProgram program, string phone, WebOptIn form, CancellationToken cancellationToken)
    {
        // A code that cannot be one is dropped rather than refused: the friend still joins, as with a mistyped keyword code.
        var code = form.ReferralCode?.Trim().ToUpperInvariant() is { } c && ReferralCodes.IsWellFormed(c) ? c : null;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var evidence = new Evidence(null, form.ConsentText, form.PageUrl, Clip(form.Ip, 100), Clip(form.UserAgent, 500));
        var subscriber = await flow.RequestAsync(
            connection, write.Transaction, program, phone, SubscriberSources.WebForm, code, evidence, time.GetUtcNow(), null, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return subscriber;
    }

    private static string? Clip(string? value, int length) => value is { Length: > 0 } v && v.Length > length ? v[..length] : value;
}
