using Fairdrop.Core.Text;
using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>Create, read, update and list the merchant's senders.</summary>
internal static class SenderEndpoints
{
    public static RouteGroupBuilder MapSenderEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/senders").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapPost("/", CreateAsync).WithName("CreateSender").WithSummary("Create a sender with its rules.");
        group.MapGet("/", ListAsync).WithName("ListSenders").WithSummary("List senders (cursor paging).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetSender").WithSummary("Read one sender.");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateSender").WithSummary("Replace a sender's attributes and rules.");
        return exchange;
    }

    private static async Task<Results<Created<SenderResponse>, ProblemHttpResult>> CreateAsync(
        SenderRequest request, ClaimsPrincipal user, SenderStore senders, IdGenerator ids, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var built = Build(request, new Sender(ids.NewId(), user.GetMerchantId(), string.Empty, null, string.Empty, null, SenderRules.Default, WebhookSigner.NewSecret(), now, now));
        if (!built.IsSuccess)
        {
            return Problems.From(built.Error!);
        }

        await senders.InsertAsync(built.Value!, cancellationToken);
        return TypedResults.Created($"/api/v1/exchange/senders/{built.Value!.Id}", SenderResponse.From(built.Value!));
    }

    private static async Task<Results<Ok<SenderResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, SenderRequest request, ClaimsPrincipal user, SenderStore senders, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await senders.GetAsync(user.GetMerchantId(), id, cancellationToken);
        if (existing is null)
        {
            return Problems.NotFound("The sender");
        }

        var built = Build(request, existing with { UpdatedAt = time.GetUtcNow() });
        if (!built.IsSuccess)
        {
            return Problems.From(built.Error!);
        }

        await senders.UpdateAsync(built.Value!, cancellationToken);
        return TypedResults.Ok(SenderResponse.From(built.Value!));
    }

    private static async Task<Results<Ok<SenderResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, SenderStore senders, CancellationToken cancellationToken)
    {
        var sender = await senders.GetAsync(user.GetMerchantId(), id, cancellationToken);
        return sender is null ? Problems.NotFound("The sender") : TypedResults.Ok(SenderResponse.From(sender));
    }

    private static async Task<Results<Ok<Page<SenderResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, SenderStore senders, CancellationToken cancellationToken, Guid? after = null, int limit = 100)
    {
        if (!ExchangeEndpoints.ValidLimit(limit))
        {
            return Problems.Validation("limit", $"limit must be between 1 and {ExchangeEndpoints.MaxLimit}.");
        }

        var page = await senders.ListAsync(user.GetMerchantId(), after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, s => s.Id, SenderResponse.From));
    }

    private static Result<Sender> Build(SenderRequest request, Sender sender)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return Error.Validation("name", "A sender needs a name of at most 200 characters.");
        }

        if ((PlainText.Check("name", name) ?? PlainText.Check("brand", request.Brand)) is { } error)
        {
            return error;
        }

        if (!ContactValidation.IsEmail(request.FromAddress))
        {
            return Error.Validation("fromAddress", "fromAddress must be a valid email address.");
        }

        if (request.ReplyTo is not null && !ContactValidation.IsEmail(request.ReplyTo))
        {
            return Error.Validation("replyTo", "replyTo must be a valid email address.");
        }

        var rules = request.Rules ?? SenderRules.Default;
        if (rules.Channels is null || rules.Channels.Count == 0)
        {
            return Error.Validation("rules.channels", "A sender must allow at least one channel.");
        }

        if (rules.Caps?.IsValid() == false)
        {
            return Error.Validation("rules.caps", "Caps cannot be negative.");
        }

        return Result<Sender>.Success(sender with { Name = name, Brand = request.Brand, FromAddress = request.FromAddress!, ReplyTo = request.ReplyTo, Rules = rules });
    }
}
