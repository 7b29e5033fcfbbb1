using System.Data.Common;
using System.Text.Json;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.SmsPrograms.Storage;

namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>
/// Hands a program's texts to the exchange through its intake, inside the caller's transaction: one distribution per
/// text (idempotency key: the step and the message that caused it, so a retried step sends nothing twice) and one
/// delivery. The text travels as data, never as the template, so a merchant's braces are not Liquid.
/// </summary>
internal sealed class ProgramMessenger(ExchangeIntake intake, IdGenerator ids)
{
    public const string Source = "sms-program";

    /// <summary>The exchange's name of the SMS channel, as deliveries and inbound messages carry it.</summary>
    public const string SmsChannel = "sms";

    private const string WebhookChannel = "webhook";
    private static readonly DistributionContent Content = new(Sms: new SmsContent("{{ data.text }}"), Webhook: new WebhookContent("{{ data.text }}"));

    /// <summary>The exchange recipient of a number for the merchant's programs, with SMS consent when <paramref name="consent"/> is given.</summary>
    public async Task<Guid> RecipientAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, string phone, Consent? consent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var consents = consent is null ? new Dictionary<Channel, Consent>() : new Dictionary<Channel, Consent> { [Channel.Sms] = consent };
        var stored = await intake.UpsertRecipientAsync(
            connection, transaction, merchantId, new IntakeRecipient($"{Source}:{phone}", new Contacts(Phone: phone), consents, RecipientRules.Default), now, cancellationToken);
        // The phone was normalised by the caller with the exchange's own rule, so the exchange cannot refuse it.
        return stored.TryGetValue(out var id, out var error) ? id : throw new InvalidOperationException($"The exchange refused a normalised number: {error.Code}");
    }

    /// <summary>The exchange recipient a program's reward webhooks go to: the merchant's URL as its webhook contact.</summary>
    public async Task<Guid> RewardRecipientAsync(
        DbConnection connection, DbTransaction transaction, Guid merchantId, Guid programId, string url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await intake.UpsertRecipientAsync(
            connection, transaction, merchantId,
            new IntakeRecipient($"{Source}-rewards:{programId}", new Contacts(WebhookUrl: url), new Dictionary<Channel, Consent>(), RecipientRules.Default), now, cancellationToken);
        return stored.TryGetValue(out var id, out var error) ? id : throw new InvalidOperationException($"The exchange refused a checked webhook URL: {error.Code}");
    }

    /// <summary>A reward posted to the program's webhook (signed by the exchange's webhook channel, Standard Webhooks), now.</summary>
    public Task<Guid> PostRewardAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, string json, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        SendAsync(connection, transaction, program, program.TransactionalSenderId, program.RewardRecipientId!.Value, WebhookChannel, json, key, now, now, cancellationToken);

    /// <summary>A transactional text (confirmation request, welcome, STOP and HELP replies): sent now, exempt from the hours rules.</summary>
    public Task<Guid> SendNowAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Guid recipientId, string text, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        SendAsync(connection, transaction, program, program.TransactionalSenderId, recipientId, SmsChannel, text, key, now, now, cancellationToken);

    /// <summary>The distribution every confirmation request of the program goes in, opened with the program (its text never changes).</summary>
    public Task<Guid> OpenConfirmationsAsync(DbConnection connection, DbTransaction transaction, StoredProgram program, DateTimeOffset now, CancellationToken cancellationToken) =>
        OpenAsync(connection, transaction, program, program.TransactionalSenderId, $"confirmations:{program.Program.Id}", program.Program.ConfirmationText, now, cancellationToken);

    /// <summary>
    /// The confirmation request, sent now: a delivery in the program's confirmation distribution, so a request writes
    /// one row at the exchange, not two. A number asked before (a START after a STOP) has its delivery there already:
    /// its new request opens a distribution of its own, as every personal text does.
    /// </summary>
    public async Task<Guid> AskToConfirmAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Guid recipientId, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (program.ConfirmationDistributionId is { } confirmations
            && await DeliverAsync(connection, transaction, program, confirmations, recipientId, SmsChannel, key, now, now, cancellationToken) is { } id)
        {
            return id;
        }

        return await SendNowAsync(connection, transaction, program, recipientId, program.Program.ConfirmationText, key, now, cancellationToken);
    }

    private async Task<Guid> SendAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Guid senderId, Guid recipientId, string channel, string text, string key, DateTimeOffset sendAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var distribution = await OpenAsync(connection, transaction, program, senderId, key, text, now, cancellationToken);
        // A delivery not written was written before under the same key: the step ran already.
        return await DeliverAsync(connection, transaction, program, distribution, recipientId, channel, key, sendAt, now, cancellationToken) ?? ids.NewId();
    }

    private Task<Guid> OpenAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Guid senderId, string key, string text, DateTimeOffset now, CancellationToken cancellationToken) =>
        intake.OpenDistributionAsync(
            connection, transaction,
            new MatchedDistribution(program.MerchantId, senderId, Source, program.Program.Id.ToString(), $"{Source}:{key}", Content,
                JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = text })),
            now,
            cancellationToken);

    /// <summary>One delivery in <paramref name="distribution"/>; null when the recipient has one there already, or the key was used.</summary>
    private async Task<Guid?> DeliverAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, Guid distribution, Guid recipientId, string channel, string key, DateTimeOffset sendAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var batch = new DeliveryBatch(connection, program.MerchantId, distribution, program.Program.Id.ToString(), now);
        var id = ids.NewId();
        batch.Add(id, recipientId, channel, sendAt, sourceKey: $"{Source}:{key}");
        return await batch.ExecuteAsync(transaction, cancellationToken) == 1 ? id : null;
    }

    /// <summary>The distribution a marketing alert's deliveries go in, through the program's marketing sender (consent required).</summary>
    public Task<Guid> OpenAlertAsync(
        DbConnection connection, DbTransaction transaction, StoredProgram program, string alertKey, string text, DateTimeOffset now, CancellationToken cancellationToken) =>
        OpenAsync(connection, transaction, program, program.MarketingSenderId, $"alert:{program.Program.Id}:{alertKey}", text, now, cancellationToken);
}
