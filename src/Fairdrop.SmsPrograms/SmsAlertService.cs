using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.SmsPrograms.Alerts;
using Fairdrop.SmsPrograms.Storage;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.Extensions.Logging;

namespace Fairdrop.SmsPrograms;

/// <summary>
/// Marketing alerts of a program (a restock, a drop, a campaign): every confirmed subscriber's text planned inside
/// their legal hours and subject limits, handed to the exchange in one transaction with its record in <c>sms_alert_sends</c>.
/// </summary>
public sealed class SmsAlertService
{
    private const int Page = 5_000;
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private readonly DbConnectionFactory _connections;
    private readonly ProgramStore _programs;
    private readonly ProgramMessenger _messenger;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly ILogger<SmsAlertService> _logger;

    internal SmsAlertService(DbConnectionFactory connections, ProgramStore programs, ProgramMessenger messenger, IdGenerator ids, TimeProvider time, ILogger<SmsAlertService> logger)
    {
        _connections = connections;
        _programs = programs;
        _messenger = messenger;
        _ids = ids;
        _time = time;
        _logger = logger;
    }

    /// <summary>Plans the alert for every confirmed subscriber; the same key again plans nothing and answers what the first did.</summary>
    public Task<Result<AlertPlan>> SendAsync(Guid merchantId, Guid programId, SmsAlert alert, CancellationToken cancellationToken) =>
        SendAsync(merchantId, programId, alert, applyHours: true, cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync(Guid, Guid, SmsAlert, CancellationToken)"/>; without <paramref name="applyHours"/> every
    /// text is planned for now: only <c>bench sms-program</c>'s baseline plans so, to price the rules in the same run.
    /// </summary>
    internal async Task<Result<AlertPlan>> SendAsync(Guid merchantId, Guid programId, SmsAlert alert, bool applyHours, CancellationToken cancellationToken)
    {
        if (Invalid(alert) is { } error)
        {
            return error;
        }

        if (await _programs.GetAsync(merchantId, programId, cancellationToken) is not { } program)
        {
            return SmsProgramErrors.ProgramMissing();
        }

        var now = _time.GetUtcNow();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var write = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        if (await AlertSends.PlannedAsync(connection, tx, programId, alert.Key!, cancellationToken) is { } before)
        {
            return before; // The same alert again (a retry): what it did the first time, nothing planned twice.
        }

        var distribution = await _messenger.OpenAlertAsync(connection, tx, program, alert.Key!, alert.Text!, now, cancellationToken);
        var history = await AlertSends.SubjectHistoryAsync(connection, tx, programId, alert.Subject!, now - Day, cancellationToken);
        var scheduler = new AlertScheduler(now, alert.Deadline, history);
        var tally = new Tally();
        using var deliveries = new DeliveryBatch(connection, merchantId, distribution, programId.ToString(), now);
        using var sends = AlertSends.Writer(connection);
        var row = new object?[9];
        Guid? after = null;
        while (true)
        {
            var subscribers = await SubscriberStore.ActiveAsync(connection, tx, programId, after, Page, cancellationToken);
            foreach (var subscriber in subscribers)
            {
                var planned = applyHours ? scheduler.Plan(subscriber.Id, subscriber.Phone) : Hours.PlannedSend.At(now);
                Guid? deliveryId = planned.SendAt is { } sendAt ? _ids.NewId() : null;
                if (deliveryId is { } id)
                {
                    deliveries.Add(id, subscriber.RecipientId, ProgramMessenger.SmsChannel, planned.SendAt!.Value, sourceKey: $"{ProgramMessenger.Source}:alert:{alert.Key}:{subscriber.Id}");
                }

                tally.Count(planned, now);
                Fill(row, programId, subscriber, alert, planned, deliveryId, now);
                sends.Add(row);
            }

            await deliveries.ExecuteAsync(tx, cancellationToken);
            await sends.ExecuteAsync(tx, cancellationToken);
            if (subscribers.Count < Page)
            {
                break;
            }

            after = subscribers[^1].Id;
        }

        await write.CommitAsync(cancellationToken);
        SmsProgramsLog.AlertPlanned(_logger, alert.Key!, programId, tally.Planned, tally.Held, tally.Dropped);
        return tally.ToPlan();
    }

    private void Fill(object?[] row, Guid programId, Subscriber subscriber, SmsAlert alert, Hours.PlannedSend planned, Guid? deliveryId, DateTimeOffset now)
    {
        row[0] = _ids.NewId();
        row[1] = programId;
        row[2] = subscriber.Id;
        row[3] = alert.Key;
        row[4] = alert.Subject;
        row[5] = planned.SendAt;
        row[6] = deliveryId;
        row[7] = planned.DropReason;
        row[8] = now;
    }

    private static Error? Invalid(SmsAlert alert) =>
        string.IsNullOrWhiteSpace(alert.Key) || alert.Key.Length > 200 ? Error.Validation("key", "key is required (at most 200 characters).")
        : string.IsNullOrWhiteSpace(alert.Subject) || alert.Subject.Length > 200 ? Error.Validation("subject", "subject is required (at most 200 characters), such as the product's id.")
        : string.IsNullOrWhiteSpace(alert.Text) || alert.Text.Length > 1600 ? Error.Validation("text", "text is required (at most 1600 characters).")
        : null;

    private sealed class Tally
    {
        private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);

        public int Planned { get; private set; }

        public int Held { get; private set; }

        public int Dropped { get; private set; }

        public void Count(Hours.PlannedSend planned, DateTimeOffset now)
        {
            if (planned.SendAt is { } at)
            {
                Planned++;
                Held += at > now ? 1 : 0;
                return;
            }

            Dropped++;
            _reasons[planned.DropReason!] = _reasons.GetValueOrDefault(planned.DropReason!) + 1;
        }

        public AlertPlan ToPlan() => new(Planned, Held, Dropped, _reasons);
    }
}
