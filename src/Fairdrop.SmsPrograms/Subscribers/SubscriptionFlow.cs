using System.Data.Common;
using System.Text.Json;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Recipients;
using Fairdrop.SmsPrograms.Programs;
using Fairdrop.SmsPrograms.Referrals;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Storefront;

namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>
/// The double opt-in, each step inside the caller's write transaction with its consent event: a request (keyword or
/// web form) gets the confirmation request and nothing else; Y makes the subscriber active, gives the exchange
/// recipient SMS consent and sends the welcome with the referral offer; STOP ends it at once with one confirmation;
/// START after a STOP asks to confirm afresh.
/// </summary>
internal sealed class SubscriptionFlow(ProgramMessenger messenger, ReferralLedger referrals, IdGenerator ids, SequentialIds steps, SignupLinks links)
{
    /// <summary>
    /// A number asks to join (again): a new subscriber, or a stopped one asked to confirm afresh; an active or pending
    /// one is left as it is. A well-formed code of another subscriber of the program is recorded as their referral.
    /// <paramref name="known"/>: the number's subscriptions, when the caller has read them in this transaction already.
    /// </summary>
    public async Task<Subscriber> RequestAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, string phone, string source, string? referralCode, Evidence evidence,
        DateTimeOffset now, IReadOnlyList<Subscriber>? known, CancellationToken cancellationToken)
    {
        var mine = known ?? await SubscriberStore.OfPhoneAsync(connection, transaction, program.MerchantId, phone, cancellationToken);
        var subscriber = mine.FirstOrDefault(s => s.ProgramId == program.Program.Id);
        if (subscriber is { Status: SubscriberStatus.Active or SubscriberStatus.Pending })
        {
            return subscriber;
        }

        var consent = mine.FirstOrDefault(s => s.Status == SubscriberStatus.Active) is { } active ? ConsentOf(active) : null;
        var recipientId = await messenger.RecipientAsync(connection, transaction, program.MerchantId, phone, consent, now, cancellationToken);
        if (subscriber is null)
        {
            subscriber = new Subscriber(ids.NewId(), program.Program.Id, phone, recipientId, SubscriberStatus.Pending, source, ReferralCodes.New(), now, null, null);
            await SubscriberStore.InsertAsync(connection, transaction, program.MerchantId, subscriber, cancellationToken);
        }
        else
        {
            subscriber = subscriber with { Status = SubscriberStatus.Pending, RequestedAt = now };
            await SubscriberStore.SetStatusAsync(connection, transaction, subscriber.Id, SubscriberStatus.Pending, now, cancellationToken);
        }

        await RecordAsync(connection, transaction, subscriber, ConsentSteps.Requested, evidence, now, cancellationToken);
        if (referralCode is not null && await SubscriberStore.ByCodeAsync(connection, transaction, program.Program.Id, referralCode, cancellationToken) is { } referrer)
        {
            await referrals.UseAsync(connection, transaction, referrer, subscriber, now, cancellationToken);
        }

        await AskToConfirmAsync(connection, transaction, program, subscriber, evidence.MessageId ?? subscriber.Id.ToString(), now, cancellationToken);
        return subscriber;
    }

    /// <summary>START after a STOP: the stopped subscriptions of the number ask to confirm afresh.</summary>
    public async Task RejoinAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Subscriber subscriber, Evidence evidence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SubscriberStore.SetStatusAsync(connection, transaction, subscriber.Id, SubscriberStatus.Pending, now, cancellationToken);
        await RecordAsync(connection, transaction, subscriber, ConsentSteps.Rejoined, evidence, now, cancellationToken);
        await AskToConfirmAsync(connection, transaction, program, subscriber, evidence.MessageId!, now, cancellationToken);
    }

    /// <summary>Y or YES to a pending request: active, consent given to the exchange, the welcome with the offer sent, the referral attributed.</summary>
    public async Task ConfirmAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Subscriber subscriber, Evidence evidence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        subscriber = subscriber with { Status = SubscriberStatus.Active, ConfirmedAt = now };
        await SubscriberStore.SetStatusAsync(connection, transaction, subscriber.Id, SubscriberStatus.Active, now, cancellationToken);
        await RecordAsync(connection, transaction, subscriber, ConsentSteps.Confirmed, evidence, now, cancellationToken);
        await messenger.RecipientAsync(connection, transaction, program.MerchantId, subscriber.Phone, ConsentOf(subscriber), now, cancellationToken);
        var welcome = $"{program.Program.WelcomeText} {ProgramTexts.Offer(program.Program, subscriber.ReferralCode, links.Referral(program.Program.Id, subscriber.ReferralCode))}";
        var sent = await messenger.SendNowAsync(connection, transaction, program, subscriber.RecipientId, welcome, $"{subscriber.Id}:welcome:{evidence.MessageId}", now, cancellationToken);
        await RecordAsync(connection, transaction, subscriber, ConsentSteps.WelcomeSent, new Evidence(sent.ToString(), welcome), now, cancellationToken);
        if (await ReferralLedger.ConfirmAsync(connection, transaction, program, subscriber.Id, now, cancellationToken) is { } reward)
        {
            await GiveAsync(connection, transaction, program, reward, now, cancellationToken);
        }
    }

    /// <summary>STOP: every live subscription of the number ends now, consent withdrawn, with one confirmation per program that was live.</summary>
    public async Task<int> StopAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredProgram> programs, string phone, Evidence evidence, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var merchantId = programs[0].MerchantId;
        var live = (await SubscriberStore.OfPhoneAsync(connection, transaction, merchantId, phone, cancellationToken))
            .Where(s => s.Status != SubscriberStatus.Stopped).ToList();
        if (live.Count == 0)
        {
            return 0;
        }

        await messenger.RecipientAsync(connection, transaction, merchantId, phone, null, now, cancellationToken);
        foreach (var subscriber in live)
        {
            var program = programs.First(p => p.Program.Id == subscriber.ProgramId);
            await SubscriberStore.SetStatusAsync(connection, transaction, subscriber.Id, SubscriberStatus.Stopped, now, cancellationToken);
            await RecordAsync(connection, transaction, subscriber, ConsentSteps.Stopped, evidence, now, cancellationToken);
            var text = ProgramTexts.Stopped(program.Program.Name);
            var sent = await messenger.SendNowAsync(connection, transaction, program, subscriber.RecipientId, text, $"{subscriber.Id}:stop:{evidence.MessageId}", now, cancellationToken);
            await RecordAsync(connection, transaction, subscriber, ConsentSteps.StopConfirmed, new Evidence(sent.ToString(), text), now, cancellationToken);
        }

        await AlertSends.DropPlannedAsync(connection, transaction, merchantId, live.Select(s => s.Id).ToList(), now, cancellationToken);
        return live.Count;
    }

    /// <summary>The reward code texted to the referrer; the referral posted to the program's webhook, if it has one.</summary>
    private async Task GiveAsync(DbConnection connection, DbTransaction transaction, StoredProgram program, Reward reward, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (reward.Code is { } code)
        {
            await messenger.SendNowAsync(
                connection, transaction, program, reward.Referrer.RecipientId, ProgramTexts.Reward(program.Program.Name, code), $"{reward.FriendId}:reward", now, cancellationToken);
        }

        if (program.RewardRecipientId is not null)
        {
            var body = JsonSerializer.Serialize(new RewardWebhook(
                "sms_program.referral_rewarded", program.Program.Id, reward.ReferralId, reward.Referrer.Id, reward.Referrer.Phone, reward.FriendId, reward.Code, now));
            await messenger.PostRewardAsync(connection, transaction, program, body, $"{reward.FriendId}:reward-webhook", now, cancellationToken);
        }
    }

    private async Task AskToConfirmAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Subscriber subscriber, string cause, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = program.Program.ConfirmationText;
        var sent = await messenger.AskToConfirmAsync(connection, transaction, program, subscriber.RecipientId, $"{subscriber.Id}:confirm:{cause}", now, cancellationToken);
        await RecordAsync(connection, transaction, subscriber, ConsentSteps.ConfirmationSent, new Evidence(sent.ToString(), text), now, cancellationToken);
    }

    private Task RecordAsync(
        DbConnection connection, DbTransaction transaction, Subscriber subscriber, string step, Evidence evidence, DateTimeOffset now, CancellationToken cancellationToken) =>
        SubscriberStore.AddEventAsync(connection, transaction, new ConsentEvent(
            steps.Next(), subscriber.Id, subscriber.ProgramId, step, now, evidence.MessageId, evidence.Text, evidence.PageUrl, evidence.Ip, evidence.UserAgent), cancellationToken);

    private static Consent ConsentOf(Subscriber subscriber) =>
        new("sms_program_double_opt_in", $"program {subscriber.ProgramId}, confirmed", subscriber.ConfirmedAt ?? subscriber.RequestedAt);
}
