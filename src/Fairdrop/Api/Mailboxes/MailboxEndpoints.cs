using System.Security.Claims;
using System.Text;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Fairdrop.Mailboxes;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Ranges;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Mailboxes;

/// <summary>
/// Mailboxes and conversations (docs/mailboxes.md). Content under <c>/mailboxes</c> (mailbox.read / mailbox.write) is
/// always read within the caller's permission time ranges; <c>/mailbox-admin</c> (mailbox.admin) manages accounts,
/// ranges, the IMAP sync and reads the audit log.
/// </summary>
internal static class MailboxEndpoints
{
    public static RouteGroupBuilder MapMailboxEndpoints(this RouteGroupBuilder api)
    {
        var content = api.MapGroup("/mailboxes").RequireAuthorization(Policies.Merchant).WithTags("Mailboxes");
        content.MapGet("/", AccountsAsync).WithSummary("The merchant's mailbox and IM accounts.");
        content.MapGet("/{accountId:guid}/effective", EffectiveAsync).WithSummary("The caller's effective ranges on the account now: the level they come from and the intervals.");
        content.MapGet("/{accountId:guid}/messages", ListAsync).WithSummary("Messages inside the caller's ranges, newest first (cursor paging by after; thread= for one conversation's visible part).");
        content.MapGet("/{accountId:guid}/messages/{id:guid}", GetAsync).WithSummary("A message; outside the caller's ranges it is 404 exactly like a missing one.");
        content.MapGet("/{accountId:guid}/count", CountAsync).WithSummary("How many messages (matching q when given) are inside the caller's ranges.");
        content.MapGet("/{accountId:guid}/search", SearchAsync).WithSummary("Full-text search inside the caller's ranges; totals and snippets count only those.");
        content.MapGet("/{accountId:guid}/export", ExportAsync).WithSummary("Every message inside the caller's ranges as mbox or csv.");
        content.MapPost("/{accountId:guid}/messages/{id:guid}/reply", ReplyAsync).WithSummary("Answer a message (email with In-Reply-To and References).");
        content.MapPost("/{accountId:guid}/messages/{id:guid}/forward", ForwardAsync).WithSummary("Forward a message to an address.");
        content.MapDelete("/{accountId:guid}/messages/{id:guid}", DeleteAsync).WithSummary("Delete a message inside the caller's ranges.");
        content.MapDelete("/{accountId:guid}/messages", DeleteVisibleAsync).WithSummary("Delete every message inside the caller's ranges, and nothing else.");

        var admin = api.MapGroup("/mailbox-admin").RequireAuthorization(Policies.Merchant).WithTags("Mailboxes");
        admin.MapPost("/accounts", CreateAccountAsync).WithSummary("Add a mailbox (optionally synced over IMAP) or IM account; the IMAP password is never shown again.");
        admin.MapGet("/accounts/{accountId:guid}/ranges", RangesAsync).WithSummary("Every range on the account, by mailbox user.");
        admin.MapPut("/accounts/{accountId:guid}/ranges", SetRangesAsync).WithSummary("Replace one mailbox user's ranges on the account (subject role:<name>, user:<id>, employee:<id> or default).");
        admin.MapPost("/accounts/{accountId:guid}/messages", AddMessageAsync).WithSummary("Store a message in the account (IM conversations, imports).");
        admin.MapPost("/accounts/{accountId:guid}/sync", SyncAsync).WithSummary("Sync the account with its IMAP folder now (409 mailbox_sync_running while another sync of it runs).");
        admin.MapPut("/accounts/{accountId:guid}/conversations", UseForConversationsAsync)
            .WithSummary("Feed the exchange's conversations (inbound SMS and in-app replies, series and staff messages) into this IM account from now on.");
        admin.MapGet("/audit", AuditAsync).WithSummary("Every access and refusal, newest first (cursor paging by before).");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<MailboxAccount>>> AccountsAsync(ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mailboxes.ListAccountsAsync(user.GetMerchantId(), cancellationToken));

    private static async Task<Results<Ok<EffectiveView>, ProblemHttpResult>> EffectiveAsync(
        Guid accountId, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? @as = null)
    {
        if (!MailboxCallers.From(user, @as).TryGetValue(out var caller, out var error))
        {
            return Problems.From(error);
        }

        return (await mailboxes.EffectiveAsync(user.GetMerchantId(), accountId, caller, cancellationToken))
            .ToOk(e => new EffectiveView(e.From?.ToString(), e.Ranges.Select(RangeView.Of).ToList(), e.Intervals));
    }

    private static async Task<Results<Ok<Page<MailboxMessage>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid accountId, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken,
        string? after = null, string? thread = null, int limit = Page.DefaultLimit, string? @as = null)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        return await WithCallerAsync(user, @as, caller => mailboxes.ListAsync(user.GetMerchantId(), accountId, caller, after, thread, limit, cancellationToken), p => new Page<MailboxMessage>(p.Items, p.Next));
    }

    private static async Task<Results<Ok<MailboxMessage>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid accountId, Guid id, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? @as = null) =>
        await WithCallerAsync(user, @as, caller => mailboxes.GetAsync(user.GetMerchantId(), accountId, caller, id, cancellationToken), m => m);

    private static async Task<Results<Ok<CountView>, ValidationProblem, ProblemHttpResult>> CountAsync(
        Guid accountId, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? q = null, string? @as = null) =>
        await WithCallerAsync(user, @as, caller => mailboxes.CountAsync(user.GetMerchantId(), accountId, caller, q, cancellationToken), c => new CountView(c));

    private static async Task<Results<Ok<SearchResults>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        Guid accountId, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? q = null, int limit = Page.DefaultLimit, string? @as = null)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        return await WithCallerAsync(user, @as, caller => mailboxes.SearchAsync(user.GetMerchantId(), accountId, caller, q, limit, cancellationToken), r => r);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid accountId, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? format = "mbox", string? @as = null)
    {
        if (!MailboxCallers.From(user, @as).TryGetValue(out var caller, out var error))
        {
            return Problem<FileContentHttpResult>(error);
        }

        return (await mailboxes.ExportAsync(user.GetMerchantId(), accountId, caller, format, cancellationToken)).TryGetValue(out var export, out error)
            ? TypedResults.File(Encoding.UTF8.GetBytes(export.Content), export.MediaType, export.FileName)
            : Problem<FileContentHttpResult>(error);
    }

    private static async Task<Results<Ok<MailboxMessage>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        Guid accountId, Guid id, ReplyRequest request, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? @as = null) =>
        await WithCallerAsync(user, @as, caller => mailboxes.ReplyAsync(user.GetMerchantId(), accountId, caller, id, request.Text, cancellationToken), m => m);

    private static async Task<Results<Ok<MailboxMessage>, ValidationProblem, ProblemHttpResult>> ForwardAsync(
        Guid accountId, Guid id, ForwardRequest request, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? @as = null) =>
        await WithCallerAsync(user, @as, caller => mailboxes.ForwardAsync(user.GetMerchantId(), accountId, caller, id, request.To, request.Note, cancellationToken), m => m);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        Guid accountId, Guid id, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? @as = null)
    {
        if (!MailboxCallers.From(user, @as).TryGetValue(out var caller, out var error))
        {
            return Problem<NoContent>(error);
        }

        return (await mailboxes.DeleteAsync(user.GetMerchantId(), accountId, caller, id, cancellationToken)).TryGetValue(out _, out error)
            ? TypedResults.NoContent()
            : Problem<NoContent>(error);
    }

    private static async Task<Results<Ok<CountView>, ValidationProblem, ProblemHttpResult>> DeleteVisibleAsync(
        Guid accountId, ClaimsPrincipal user, MailboxService mailboxes, CancellationToken cancellationToken, string? @as = null) =>
        await WithCallerAsync(user, @as, caller => mailboxes.DeleteVisibleAsync(user.GetMerchantId(), accountId, caller, cancellationToken), c => new CountView(c));

    private static async Task<Results<Created<MailboxAccount>, ProblemHttpResult>> CreateAccountAsync(
        NewMailboxAccount request, ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken) =>
        (await mailboxes.CreateAccountAsync(user.GetMerchantId(), request, cancellationToken)).TryGetValue(out var account, out var error)
            ? TypedResults.Created($"/api/v1/mailboxes/{account.Id}", account)
            : Problems.From(error);

    private static async Task<Results<Ok<IReadOnlyList<RangeView>>, ProblemHttpResult>> RangesAsync(
        Guid accountId, ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken) =>
        (await mailboxes.ListRangesAsync(user.GetMerchantId(), accountId, cancellationToken)).ToOk(r => (IReadOnlyList<RangeView>)r.Select(RangeView.Of).ToList());

    private static async Task<Results<Ok<IReadOnlyList<RangeView>>, ValidationProblem, ProblemHttpResult>> SetRangesAsync(
        Guid accountId, RangesRequest request, ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken)
    {
        if (!MailboxUser.TryParse(request.Subject, out var subject))
        {
            return Problems.Validation("subject", "subject must be role:<name>, user:<id>, employee:<id> or default.");
        }

        var ranges = new List<RangeSpec>();
        var input = request.Ranges ?? [];
        for (var i = 0; i < input.Count; i++)
        {
            if (!RangeInput.Parse(input[i].Kind, input[i].Length, input[i].Start, input[i].Deadline, $"ranges[{i}].").TryGetValue(out var range, out var invalid))
            {
                return Problem<Ok<IReadOnlyList<RangeView>>>(invalid);
            }

            ranges.Add(range);
        }

        return (await mailboxes.SetRangesAsync(user.GetMerchantId(), accountId, subject, ranges, MailboxCallers.Actor(user), cancellationToken))
            .ToOkOrValidation(r => (IReadOnlyList<RangeView>)r.Select(RangeView.Of).ToList());
    }

    private static async Task<Results<Created<MailboxMessage>, ValidationProblem, ProblemHttpResult>> AddMessageAsync(
        Guid accountId, NewMessage request, ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken) =>
        (await mailboxes.AddMessageAsync(user.GetMerchantId(), accountId, request, cancellationToken)).TryGetValue(out var message, out var error)
            ? TypedResults.Created($"/api/v1/mailboxes/{accountId}/messages/{message.Id}", message)
            : Problem<Created<MailboxMessage>>(error);

    private static async Task<Results<Ok<SyncReport>, ProblemHttpResult>> SyncAsync(Guid accountId, ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken) =>
        (await mailboxes.SyncAsync(user.GetMerchantId(), accountId, MailboxCallers.Actor(user), cancellationToken)).ToOk();

    private static async Task<Results<Ok<MailboxAccount>, ProblemHttpResult>> UseForConversationsAsync(
        Guid accountId, ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken) =>
        (await mailboxes.UseForConversationsAsync(user.GetMerchantId(), accountId, MailboxCallers.Actor(user), cancellationToken)).ToOk();

    private static async Task<Results<Ok<Page<AuditEntry>>, ValidationProblem>> AuditAsync(
        ClaimsPrincipal user, MailboxAdminService mailboxes, CancellationToken cancellationToken, Guid? before = null, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of(await mailboxes.AuditLogAsync(user.GetMerchantId(), before, limit, cancellationToken), limit, a => a.Id));

    private static async Task<Results<Ok<TOut>, ValidationProblem, ProblemHttpResult>> WithCallerAsync<T, TOut>(
        ClaimsPrincipal user, string? @as, Func<MailboxCaller, Task<Result<T>>> call, Func<T, TOut> map)
    {
        if (!MailboxCallers.From(user, @as).TryGetValue(out var caller, out var error))
        {
            return Problem<Ok<TOut>>(error);
        }

        return (await call(caller)).ToOkOrValidation(map);
    }

    private static Results<TFirst, ValidationProblem, ProblemHttpResult> Problem<TFirst>(Error error)
        where TFirst : IResult =>
        error is { Kind: ErrorKind.Validation, Field: { } field } ? Problems.Validation(field, error.Message) : Problems.From(error);
}
