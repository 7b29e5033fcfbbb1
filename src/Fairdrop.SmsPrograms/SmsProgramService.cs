using System.Data.Common;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;
using Fairdrop.SmsPrograms.Programs;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Subscribers;

namespace Fairdrop.SmsPrograms;

/// <summary>SMS programs: defining them, the web-form opt-in, the reward-code pool and the consent record's export.</summary>
public sealed class SmsProgramService
{
    // Transactional texts (confirmation, welcome, STOP/HELP replies) and reward webhooks are critical: no caps, no quiet hours, no consent needed.
    private static readonly SenderRules Transactional = new([Channel.Sms, Channel.Webhook], Critical: true);

    // Marketing texts need the SMS consent the confirmation gives; their hours are the programs' to plan.
    private static readonly SenderRules Marketing = new([Channel.Sms], ConsentRequired: [Channel.Sms]);

    private readonly DbConnectionFactory _connections;
    private readonly ProgramStore _programs;
    private readonly ProgramDirectory _directory;
    private readonly ExchangeIntake _intake;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly OutboundGuard _guard;
    private readonly ProgramMessenger _messenger;
    private readonly WebOptIns _webOptIns;

    internal SmsProgramService(
        DbConnectionFactory connections, ProgramStore programs, ProgramDirectory directory, WebOptIns webOptIns, ExchangeIntake intake, IdGenerator ids, TimeProvider time,
        OutboundGuard guard, ProgramMessenger messenger)
    {
        _connections = connections;
        _programs = programs;
        _directory = directory;
        _webOptIns = webOptIns;
        _intake = intake;
        _ids = ids;
        _time = time;
        _guard = guard;
        _messenger = messenger;
    }

    /// <summary>Defines a program (its two exchange senders made with it); the keyword and aliases must be free among the merchant's programs.</summary>
    public async Task<Result<SmsProgram>> CreateAsync(Guid merchantId, NewSmsProgram draft, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!ProgramValidation.Validate(draft, _ids.NewId(), now).TryGetValue(out var program, out var error))
        {
            return error;
        }

        if ((RewardCodesError(draft.RewardCodes) ?? RewardWebhookError(program.RewardWebhookUrl)) is { } refused)
        {
            return refused;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        var existing = await ProgramStore.ListAsync(connection, tx, merchantId, null, 1000, cancellationToken);
        if (new[] { program.Keyword }.Concat(program.Aliases).FirstOrDefault(w => existing.Any(p => p.Program.Answers(w))) is { } taken)
        {
            return SmsProgramErrors.Taken(taken);
        }

        var from = program.Numbers.Count > 0 ? program.Numbers[0] : ProgramMessenger.Source;
        var transactional = await _intake.CreateSenderAsync(connection, tx, merchantId, $"{program.Name} (SMS program)", from, Transactional, now, cancellationToken);
        var marketing = await _intake.CreateSenderAsync(connection, tx, merchantId, $"{program.Name} (SMS alerts)", from, Marketing, now, cancellationToken);
        var rewards = program.RewardWebhookUrl is { } url ? await _messenger.RewardRecipientAsync(connection, tx, merchantId, program.Id, url, now, cancellationToken) : (Guid?)null;
        var stored = new StoredProgram(program, merchantId, transactional, marketing, rewards);
        var confirmations = await _messenger.OpenConfirmationsAsync(connection, tx, stored, now, cancellationToken);
        await ProgramStore.InsertAsync(connection, tx, stored with { ConfirmationDistributionId = confirmations }, cancellationToken);
        await AddCodesAsync(connection, tx, program.Id, draft.RewardCodes ?? [], cancellationToken);
        await write.CommitAsync(cancellationToken);
        _directory.Forget(merchantId);
        return program;
    }

    /// <summary>The merchant's programs by id, after the cursor; the caller has checked the limit.</summary>
    public async Task<IReadOnlyList<SmsProgram>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken) =>
        (await _programs.ListAsync(merchantId, after, limit, cancellationToken)).Select(p => p.Program).ToList();

    public async Task<Result<SmsProgram>> GetAsync(Guid merchantId, Guid programId, CancellationToken cancellationToken) =>
        await _programs.GetAsync(merchantId, programId, cancellationToken) is { } stored ? stored.Program : SmsProgramErrors.ProgramMissing();

    /// <summary>
    /// The web form: the number asks to join with the consent text the page showed, its URL, the address and user
    /// agent on record; the confirmation request is all it gets until it replies Y. A malformed number is a 400 naming <c>phone</c>.
    /// </summary>
    public async Task<Result<Subscriber>> OptInAsync(Guid merchantId, Guid programId, WebOptIn form, CancellationToken cancellationToken)
    {
        if (!WebOptIns.Validate(form).TryGetValue(out var phone, out var error))
        {
            return error;
        }

        return await _programs.GetAsync(merchantId, programId, cancellationToken) is { } program
            ? await _webOptIns.RequestAsync(program, phone, form, cancellationToken)
            : SmsProgramErrors.ProgramMissing();
    }

    /// <summary>The program's consent record, every step in order, optionally of one subscriber, after the cursor: evidence to export.</summary>
    public async Task<Result<IReadOnlyList<ConsentEvent>>> ConsentRecordAsync(
        Guid merchantId, Guid programId, Guid? subscriberId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        if (await _programs.GetAsync(merchantId, programId, cancellationToken) is null)
        {
            return SmsProgramErrors.ProgramMissing();
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        return Result<IReadOnlyList<ConsentEvent>>.Success(await SubscriberStore.EventsAsync(connection, programId, subscriberId, after, limit, cancellationToken));
    }

    /// <summary>Adds discount codes to the program's reward pool (a code already there is left alone); returns how many were new.</summary>
    public async Task<Result<int>> AddRewardCodesAsync(Guid merchantId, Guid programId, IReadOnlyList<string>? codes, CancellationToken cancellationToken)
    {
        if (RewardCodesError(codes) is { } refused)
        {
            return refused;
        }

        if (await _programs.GetAsync(merchantId, programId, cancellationToken) is null)
        {
            return SmsProgramErrors.ProgramMissing();
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var added = await AddCodesAsync(connection, write.Transaction, programId, codes!, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return added;
    }

    // Checked here, not only by the exchange, so the refusal names this field; the exchange checks again at every send.
    private Error? RewardWebhookError(string? url) => url is null ? null : _guard.CheckUrl(url, "rewardWebhookUrl");

    private static Error? RewardCodesError(IReadOnlyList<string>? codes) =>
        codes is null ? null
        : codes.Count > 10_000 ? Error.Validation("rewardCodes", "At most 10,000 codes at a time.")
        : codes.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 64) ? Error.Validation("rewardCodes", "Each code must have 1 to 64 characters.")
        : null;

    private static async Task<int> AddCodesAsync(
        DbConnection connection, DbTransaction tx, Guid programId, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var code in codes.Select(c => c.Trim()).Distinct(StringComparer.Ordinal))
        {
            added += await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sms_reward_codes (program_id, code) VALUES (@programId, @code) ON CONFLICT (program_id, code) DO NOTHING",
                new { programId, code },
                tx,
                cancellationToken: cancellationToken));
        }

        return added;
    }

}
