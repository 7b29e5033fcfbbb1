using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fairdrop.Core.Errors;
using Fairdrop.Mailboxes;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Ranges;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.Mailboxes;

/// <summary>
/// <c>fairdrop mailbox …</c> (docs/mailboxes.md): accounts, ranges, and content read as a named mailbox user
/// (<c>--as</c>), within that user's ranges exactly as through the API; every access lands in the audit log as "cli".
/// </summary>
internal static class MailboxCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    public static Command Create()
    {
        var command = new Command("mailbox", "Mailboxes and conversations: accounts, permission time ranges, and content within a mailbox user's ranges.");
        command.Subcommands.Add(Admin("accounts", "The merchant's mailbox and IM accounts, as JSON.", false, async (s, m, _, _, ct) =>
            Result<object>.Success(await s.ListAccountsAsync(m, ct))));
        command.Subcommands.Add(CreateAccount());
        command.Subcommands.Add(Admin("ranges", "Every range on an account, as JSON.", true, async (s, m, a, _, ct) => Box(await s.ListRangesAsync(m, a, ct))));
        command.Subcommands.Add(SetRanges());
        command.Subcommands.Add(Admin("sync", "Sync the account with its IMAP folder now.", true, async (s, m, a, _, ct) => Box(await s.SyncAsync(m, a, "cli", ct))));
        command.Subcommands.Add(Admin("use-for-conversations", "Feed the exchange's conversations into this IM account from now on.", true, async (s, m, a, _, ct) =>
            Box(await s.UseForConversationsAsync(m, a, "cli", ct))));
        command.Subcommands.Add(Admin("audit", "The audit log, newest first (the last 1000 lines), as JSON.", false, async (s, m, _, _, ct) =>
            Result<object>.Success(await s.AuditLogAsync(m, null, 1000, ct))));
        var query = new Option<string?>("--query") { Description = "Search text." };
        var format = new Option<string>("--format") { Description = "mbox or csv.", DefaultValueFactory = _ => "mbox" };
        command.Subcommands.Add(Content("list", "The newest messages (up to 100) inside the user's ranges, as JSON.", [], async (s, m, a, c, _, ct) =>
            Box(await s.ListAsync(m, a, c, null, null, 100, ct))));
        command.Subcommands.Add(Content("search", "Full-text search inside the user's ranges, as JSON.", [query], async (s, m, a, c, p, ct) =>
            Box(await s.SearchAsync(m, a, c, p.GetValue(query), 100, ct))));
        command.Subcommands.Add(Content("count", "How many messages (matching --query) are inside the user's ranges.", [query], async (s, m, a, c, p, ct) =>
            Box(await s.CountAsync(m, a, c, p.GetValue(query), ct))));
        command.Subcommands.Add(Content("export", "Every message inside the user's ranges as mbox or CSV, on standard output.", [format], async (s, m, a, c, p, ct) =>
            (await s.ExportAsync(m, a, c, p.GetValue(format), ct)).TryGetValue(out var export, out var error) ? Result<object>.Success(new Raw(export.Content)) : error));
        return command;
    }

    private static Command CreateAccount()
    {
        var kind = new Option<string>("--kind") { Description = "mailbox or im.", DefaultValueFactory = _ => "mailbox" };
        var name = new Option<string>("--name") { Description = "The account's name.", Required = true };
        var address = new Option<string?>("--address") { Description = "The mailbox's email address (From of replies)." };
        var host = new Option<string?>("--imap-host") { Description = "IMAP server; the password is read from FAIRDROP_IMAP_PASSWORD, never from the command line." };
        var port = new Option<int?>("--imap-port") { Description = "IMAP port (993 with --imap-tls, else 143)." };
        var user = new Option<string?>("--imap-user") { Description = "IMAP user." };
        var tls = new Option<bool>("--imap-tls") { Description = "TLS from the first byte (port 993)." };
        var folder = new Option<string?>("--imap-folder") { Description = "Folder to sync (INBOX)." };
        var command = Admin("create-account", "Add a mailbox or IM account, as JSON (the IMAP password is never shown).", false, async (s, m, _, p, ct) =>
            Box(await s.CreateAccountAsync(m, new Fairdrop.Mailboxes.Model.NewMailboxAccount(
                p.GetValue(kind), p.GetValue(name), p.GetValue(address), p.GetValue(host), p.GetValue(port), p.GetValue(user),
                Environment.GetEnvironmentVariable("FAIRDROP_IMAP_PASSWORD"), p.GetValue(tls), p.GetValue(folder)), ct)));
        foreach (var option in new Option[] { kind, name, address, host, port, user, tls, folder })
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static Command SetRanges()
    {
        var subject = new Option<string>("--subject") { Description = "role:<name>, user:<id>, employee:<id> or default.", Required = true };
        var rolling = new Option<string?>("--rolling") { Description = "A rolling range: an ISO 8601 length (P30D)." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "A range from this instant to now." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "A range from the beginning to this instant (inclusive)." };
        var between = new Option<DateTimeOffset[]?>("--between") { Description = "A range between two instants (both inclusive).", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var command = Admin("set-ranges", "Replace one mailbox user's ranges on the account (no range option: remove them).", true, async (s, m, a, p, ct) =>
        {
            var specs = new List<Result<RangeSpec>>();
            if (p.GetValue(rolling) is { } length) specs.Add(RangeInput.Parse("rolling", length, null, null));
            if (p.GetValue(since) is { } start) specs.Add(RangeInput.Parse("since", null, start, null));
            if (p.GetValue(until) is { } deadline) specs.Add(RangeInput.Parse("until", null, null, deadline));
            if (p.GetValue(between) is [var from, var to]) specs.Add(RangeInput.Parse("between", null, from, to));
            if (specs.FirstOrDefault(r => !r.IsSuccess) is { Error: { } invalid })
            {
                return invalid;
            }

            return MailboxUser.TryParse(p.GetValue(subject), out var user)
                ? Box(await s.SetRangesAsync(m, a, user, specs.Select(r => r.Value!).ToList(), "cli", ct))
                : Error.Validation("subject", "--subject must be role:<name>, user:<id>, employee:<id> or default.");
        });
        command.Options.Add(subject);
        command.Options.Add(rolling);
        command.Options.Add(since);
        command.Options.Add(until);
        command.Options.Add(between);
        return command;
    }

    private static Command Admin(string name, string description, bool needsAccount, Func<MailboxAdminService, Guid, Guid, ParseResult, CancellationToken, Task<Result<object>>> run) =>
        On(name, description, needsAccount, (services, m, a, p, ct) => run(services.GetRequiredService<MailboxAdminService>(), m, a, p, ct));

    /// <summary>A command on the merchant (and an account) with the module's services on the chosen storage.</summary>
    private static Command On(string name, string description, bool needsAccount, Func<IServiceProvider, Guid, Guid, ParseResult, CancellationToken, Task<Result<object>>> run)
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var account = new Option<Guid>("--account") { Description = "The account's id.", Required = needsAccount };
        var command = new Command(name, description) { merchant };
        if (needsAccount)
        {
            command.Options.Add(account);
        }

        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var result = await run(services, parseResult.GetValue(merchant), parseResult.GetValue(account), parseResult, cancellationToken);
            return await PrintAsync(result);
        });
        return command;
    }

    private static Command Content(string name, string description, Option[] options, Func<MailboxService, Guid, Guid, MailboxCaller, ParseResult, CancellationToken, Task<Result<object>>> run)
    {
        var @as = new Option<string>("--as") { Description = "The mailbox user to read as: role:<name>, user:<id>, employee:<id> or default.", Required = true };
        var command = On(name, description, true, async (services, m, a, p, ct) =>
            MailboxUser.TryParse(p.GetValue(@as), out var user)
                ? await run(services.GetRequiredService<MailboxService>(), m, a, MailboxCaller.Operator(user), p, ct)
                : Error.Validation("as", "--as must be role:<name>, user:<id>, employee:<id> or default."));
        command.Options.Add(@as);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static Result<object> Box<T>(Result<T> result) => result.TryGetValue(out var value, out var error) ? Result<object>.Success(value!) : error;

    private static async Task<int> PrintAsync(Result<object> result)
    {
        if (!result.TryGetValue(out var value, out var error))
        {
            await Console.Error.WriteLineAsync($"fairdrop: {error.Code}{(error.Field is null ? string.Empty : $" ({error.Field})")}: {error.Message}");
            return error.Kind is ErrorKind.Validation or ErrorKind.NotFound ? 2 : 1;
        }

        Console.WriteLine(value is Raw raw ? raw.Text : JsonSerializer.Serialize(value, Json));
        return 0;
    }

    private sealed record Raw(string Text);
}
