using System.Data.Common;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.Extensions.Logging;

namespace Fairdrop.SmsPrograms.Inbound;

/// <summary>
/// The programs' side of every new inbound SMS, through the exchange's <see cref="IInboundBatchHandler"/> seam: the
/// exchange has stored each message once by its MessageSid (a webhook delivered twice reaches here once), applied
/// STOP/START to its own consent and answered HELP before it acknowledged the webhook; here the messages come in
/// batches, in the order they were received, inside the exchange's write transaction, so a batch's consent records
/// commit with the mark that its messages were handled (docs/adr/0028). STOP ends every live subscription of the
/// number; START asks stopped ones to confirm afresh; Y/YES confirms a pending request; a program's keyword (with a
/// referral code after it, perhaps) asks to join; anything else from a number in no program gets the program's help
/// text, and no consent is stored.
/// </summary>
internal sealed class ProgramInbound(ProgramDirectory directory, SubscriptionFlow flow, ProgramMessenger messenger, TimeProvider time, ILogger<ProgramInbound> logger)
    : IInboundBatchHandler
{
    public async Task HandleAsync(IReadOnlyList<InboundMessage> messages, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (message.Channel == ProgramMessenger.SmsChannel)
            {
                await HandleAsync(message, connection, transaction, cancellationToken);
            }
        }
    }

    private async Task HandleAsync(InboundMessage message, DbConnection connection, DbTransaction tx, CancellationToken cancellationToken)
    {
        var programs = await directory.OfMerchantAsync(connection, tx, message.MerchantId, cancellationToken);
        var to = ToNumber(message.To);
        var reached = programs.Where(p => to is null || p.Program.Numbers.Count == 0 || p.Program.Numbers.Contains(to)).ToList();
        if (reached.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var evidence = Evidence.OfMessage(message.ProviderId, message.Body);
        var mine = await SubscriberStore.OfPhoneAsync(connection, tx, message.MerchantId, message.From, cancellationToken);
        var inReach = mine.Where(s => reached.Any(p => p.Program.Id == s.ProgramId)).ToList();
        switch (message.Keyword)
        {
            case SmsKeywords.Stop:
                var stopped = await flow.StopAsync(connection, tx, programs, message.From, evidence, now, cancellationToken);
                SmsProgramsLog.Stopped(logger, message.Id, stopped);
                break;
            case SmsKeywords.Start:
                foreach (var subscriber in inReach.Where(s => s.Status == SubscriberStatus.Stopped))
                {
                    await flow.RejoinAsync(connection, tx, Program(reached, subscriber), subscriber, evidence, now, cancellationToken);
                }

                break;
            case SmsKeywords.Help:
                break; // The exchange answered with its help text (TwiML), as carriers require of every number.
            default:
                await OnWordsAsync(connection, tx, message, reached, inReach, evidence, now, mine, cancellationToken);
                break;
        }
    }

    private async Task OnWordsAsync(
        DbConnection connection, DbTransaction tx, InboundMessage message, List<StoredProgram> reached, List<Subscriber> inReach,
        Evidence evidence, DateTimeOffset now, IReadOnlyList<Subscriber> mine, CancellationToken cancellationToken)
    {
        var words = InboundWords.Parse(message.Body);
        if (words.IsConfirmation)
        {
            var pending = inReach.Where(s => s.Status == SubscriberStatus.Pending).ToList();
            if (pending.Count == 0)
            {
                SmsProgramsLog.ConfirmationWithoutRequest(logger, message.Id);
                return;
            }

            foreach (var subscriber in pending)
            {
                await flow.ConfirmAsync(connection, tx, Program(reached, subscriber), subscriber, evidence, now, cancellationToken);
            }

            return;
        }

        if (reached.FirstOrDefault(p => p.Program.Answers(words.First)) is { } program)
        {
            var code = words.Second is { } second && Referrals.ReferralCodes.IsWellFormed(second) ? second : null;
            await flow.RequestAsync(connection, tx, program, message.From, SubscriberSources.Keyword, code, evidence, now, mine, cancellationToken);
            return;
        }

        if (inReach.Any(s => s.Status != SubscriberStatus.Stopped))
        {
            return; // A subscriber's reply is the exchange's (recorded as engagement), not a request for help.
        }

        var helped = reached[0];
        var recipient = await messenger.RecipientAsync(connection, tx, helped.MerchantId, message.From, null, now, cancellationToken);
        await messenger.SendNowAsync(connection, tx, helped, recipient, helped.Program.HelpText, $"help:{message.ProviderId}", now, cancellationToken);
        SmsProgramsLog.UnknownKeyword(logger, message.Id, helped.Program.Id);
    }

    /// <summary>The number texted, in E.164: Twilio sends it so, and only another form is parsed (libphonenumber is not free).</summary>
    private static string? ToNumber(string? to) =>
        to is null ? null
        : to.Length > 1 && to[0] == '+' && to.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0 ? to
        : ExchangeIntake.NormaliseContact(Channel.Sms, to, "To").TryGetValue(out var e164, out _) ? e164 : null;

    private static StoredProgram Program(List<StoredProgram> programs, Subscriber subscriber) => programs.First(p => p.Program.Id == subscriber.ProgramId);
}
