using Fairdrop.Core.Errors;
using Fairdrop.Core.Shoppers;
using Fairdrop.SmsPrograms.Programs;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Storefront;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.Extensions.Logging;

namespace Fairdrop.SmsPrograms;

/// <summary>
/// Opt-ins straight from shoppers' browsers, without the merchant's backend: a storefront's form with the merchant's
/// publishable key (from an allowed origin when a browser calls), or the hosted sign-up page. The same double opt-in as
/// the backend's web form; every admitted, well-formed request gets the same <see cref="OptInReceipt"/>.
/// </summary>
public sealed class StorefrontOptIns
{
    private readonly IStorefrontKeys _keys;
    private readonly OptInLimiter _limiter;
    private readonly ProgramStore _programs;
    private readonly WebOptIns _webOptIns;
    private readonly SignupLinks _links;
    private readonly ILogger _logger;

    internal StorefrontOptIns(IStorefrontKeys keys, OptInLimiter limiter, ProgramStore programs, WebOptIns webOptIns, SignupLinks links, ILogger<StorefrontOptIns> logger)
    {
        _keys = keys;
        _limiter = limiter;
        _programs = programs;
        _webOptIns = webOptIns;
        _links = links;
        _logger = logger;
    }

    /// <summary>
    /// A storefront's opt-in: refused when the client is over its limit (429), the key is not a publishable key (401),
    /// or a browser calls from an origin off the merchant's list (403); then as the backend's web form (400 naming the
    /// field, 404 for a program not the merchant's). The address and user agent are the caller's, never the form's.
    /// </summary>
    public async Task<Result<OptInReceipt>> OptInAsync(OptInCaller caller, Guid programId, WebOptIn form, CancellationToken cancellationToken)
    {
        if (!(await AdmitAsync(caller, cancellationToken)).TryGetValue(out var merchantId, out var refused))
        {
            SmsProgramsLog.StorefrontCallerRefused(_logger, refused.Code);
            return refused;
        }

        form = form with { Ip = caller.ClientAddress, UserAgent = caller.UserAgent };
        if (!WebOptIns.Validate(form).TryGetValue(out var phone, out var error))
        {
            return error;
        }

        return await _programs.GetAsync(merchantId, programId, cancellationToken) is { } stored
            ? await RequestAsync(stored, phone, form, cancellationToken)
            : SmsProgramErrors.ProgramMissing();
    }

    /// <summary>What the hosted page shows for a program, or 404.</summary>
    public async Task<Result<SignupForm>> SignupFormAsync(Guid programId, CancellationToken cancellationToken) =>
        await _programs.GetAsync(programId, cancellationToken) is { } stored ? Form(stored.Program) : SmsProgramErrors.ProgramMissing();

    /// <summary>
    /// The hosted page's post (its CSRF defence checked by the host): the consent on record is the wording the page
    /// showed, and its address the page's own; an unticked box is 400 naming <c>consent</c>.
    /// </summary>
    public async Task<Result<OptInReceipt>> HostedOptInAsync(OptInCaller caller, Guid programId, HostedOptIn form, CancellationToken cancellationToken)
    {
        if (_limiter.TryClient($"page|{programId:N}|{caller.ClientAddress}") is { } retryAfter)
        {
            return SmsProgramErrors.TooManyOptIns(retryAfter);
        }

        if (await _programs.GetAsync(programId, cancellationToken) is not { } stored)
        {
            return SmsProgramErrors.ProgramMissing();
        }

        var shown = Form(stored.Program);
        var webForm = new WebOptIn(form.Phone, shown.ConsentText, shown.PageUrl, form.ReferralCode, caller.ClientAddress, caller.UserAgent);
        if (!WebOptIns.Validate(webForm).TryGetValue(out var phone, out var error))
        {
            return error;
        }

        return form.Consented
            ? await RequestAsync(stored, phone, webForm, cancellationToken)
            : Error.Validation("consent", "Tick the box to agree to the texts.");
    }

    // Checked before the key is looked up, so a flood of made-up keys costs no database reads.
    private async Task<Result<Guid>> AdmitAsync(OptInCaller caller, CancellationToken cancellationToken)
    {
        if (_limiter.TryClient($"key|{caller.PublishableKey}|{caller.ClientAddress}") is { } retryAfter)
        {
            return SmsProgramErrors.TooManyOptIns(retryAfter);
        }

        if (await _keys.MerchantOfKeyAsync(caller.PublishableKey, cancellationToken) is not { } merchantId)
        {
            return SmsProgramErrors.KeyRejected();
        }

        return !string.IsNullOrEmpty(caller.Origin) && !await _keys.IsOriginAllowedAsync(merchantId, caller.Origin, cancellationToken)
            ? SmsProgramErrors.OriginRejected(caller.Origin)
            : merchantId;
    }

    // Whether anything is sent stays out of the answer: a number over its limit, or already pending or active, is answered as any other.
    private async Task<Result<OptInReceipt>> RequestAsync(StoredProgram program, string phone, WebOptIn form, CancellationToken cancellationToken)
    {
        if (_limiter.TryNumber(phone))
        {
            await _webOptIns.RequestAsync(program, phone, form, cancellationToken);
        }
        else
        {
            SmsProgramsLog.NumberOverLimit(_logger, program.Program.Id);
        }

        return OptInReceipt.Accepted;
    }

    private SignupForm Form(SmsProgram program) =>
        new(program.Id, program.Name, program.Frequency, ProgramTexts.FormConsent(program.Name, program.Frequency), _links.Page(program.Id));
}
