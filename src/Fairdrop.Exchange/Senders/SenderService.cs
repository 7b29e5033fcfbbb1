using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Text;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Recipients;

namespace Fairdrop.Exchange.Senders;

/// <summary>What a merchant sets on a sender; everything else (id, webhook secret, times) the exchange assigns.</summary>
public sealed record SenderDraft(string? Name, string? Brand, string? FromAddress, string? ReplyTo, SenderRules? Rules);

/// <summary>The merchant's senders: created, replaced, read and listed, always within one merchant.</summary>
public sealed class SenderService
{
    private readonly SenderStore _senders;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal SenderService(SenderStore senders, IdGenerator ids, TimeProvider time)
    {
        _senders = senders;
        _ids = ids;
        _time = time;
    }

    public async Task<Result<Sender>> CreateAsync(Guid merchantId, SenderDraft draft, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var blank = new Sender(_ids.NewId(), merchantId, string.Empty, null, string.Empty, null, SenderRules.Default, WebhookSigner.NewSecret(), now, now);
        var built = Apply(draft, blank);
        if (built.TryGetValue(out var sender, out _))
        {
            await _senders.InsertAsync(sender, cancellationToken);
        }

        return built;
    }

    public async Task<Result<Sender>> UpdateAsync(Guid merchantId, Guid id, SenderDraft draft, CancellationToken cancellationToken)
    {
        if (await _senders.GetAsync(merchantId, id, cancellationToken) is not { } existing)
        {
            return Error.NotFound("The sender");
        }

        var built = Apply(draft, existing with { UpdatedAt = _time.GetUtcNow() });
        if (built.TryGetValue(out var sender, out _))
        {
            await _senders.UpdateAsync(sender, cancellationToken);
        }

        return built;
    }

    public async Task<Result<Sender>> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        await _senders.GetAsync(merchantId, id, cancellationToken) is { } sender ? sender : Error.NotFound("The sender");

    /// <summary>Senders by id, after the cursor; the caller has checked the limit.</summary>
    public Task<IReadOnlyList<Sender>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken) =>
        _senders.ListAsync(merchantId, after, limit, cancellationToken);

    private static Result<Sender> Apply(SenderDraft draft, Sender sender)
    {
        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return Error.Validation("name", "A sender needs a name of at most 200 characters.");
        }

        if ((PlainText.Check("name", name) ?? PlainText.Check("brand", draft.Brand)) is { } error)
        {
            return error;
        }

        if (!ContactValidation.IsEmail(draft.FromAddress))
        {
            return Error.Validation("fromAddress", "fromAddress must be a valid email address.");
        }

        if (draft.ReplyTo is not null && !ContactValidation.IsEmail(draft.ReplyTo))
        {
            return Error.Validation("replyTo", "replyTo must be a valid email address.");
        }

        var rules = draft.Rules ?? SenderRules.Default;
        if (rules.Channels is null || rules.Channels.Count == 0)
        {
            return Error.Validation("rules.channels", "A sender must allow at least one channel.");
        }

        if (rules.Caps?.IsValid() == false)
        {
            return Error.Validation("rules.caps", "Caps cannot be negative.");
        }

        return sender with { Name = name, Brand = draft.Brand, FromAddress = draft.FromAddress!, ReplyTo = draft.ReplyTo, Rules = rules };
    }
}
