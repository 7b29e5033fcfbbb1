using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;
using Fairdrop.Learner.Storage;
using Fairdrop.Learner.Tests.Support;
using Fairdrop.Learner.Updates;

namespace Fairdrop.Learner.Tests.Updates;

/// <summary>The learner's storage path on each database: decide in the matcher's transaction, settle from engagement events, refit priors.</summary>
public abstract class LearnerStorageContract
{
    private static readonly DailyWindow Daytime = new(new TimeOnly(8, 0), new TimeOnly(22, 0));

    protected abstract StorageProvider Provider { get; }

    [SkippableFact]
    public async Task Choose_APage_RecordsEveryDecisionWithAlternativesAndExplainsIt()
    {
        await using var h = await LearnerHarness.CreateAsync(Provider);
        var questions = Enumerable.Range(0, 3).Select(i => new DeliveryQuestion(Guid.NewGuid(), Guid.NewGuid(), ChannelSet.Email | ChannelSet.Sms, TimeZoneInfo.Utc, null, i == 0 ? "vip" : null)).ToList();
        var offer = new DeliveryOffer(h.MerchantId, Guid.NewGuid(), "restock", LearnerHarness.Start, LearnerHarness.Start.AddHours(12), Daytime);

        var choices = await ChooseAsync(h, offer, questions);
        var explained = await h.Get<LearnerService>().ExplainAsync(h.MerchantId, questions[0].DeliveryId, CancellationToken.None);
        var listed = await h.Get<LearnerService>().ListAsync(h.MerchantId, null, offer.DistributionId, null, 10, CancellationToken.None);

        Assert.All(choices, c => Assert.Equal(DropReason.None, c.Reason));
        Assert.True(explained.TryGetValue(out var explanation, out _));
        Assert.Equal(8, explanation.Alternatives.Count); // email and sms at 10:00, 12:00, 16:00, 20:00
        Assert.Equal(choices[0].SendAt, explanation.SendAt);
        Assert.InRange(explanation.Propensity, 0.0001, 1);
        Assert.Equal(3, listed.Count);
        Assert.Equal(listed.Select(d => d.DeliveryId).Order(), listed.Select(d => d.DeliveryId));
    }

    [SkippableFact]
    public async Task Update_AThousandClicksOfOneDelivery_SettleItOnceAsOneEngagedTrial()
    {
        await using var h = await LearnerHarness.CreateAsync(Provider);
        var question = new DeliveryQuestion(Guid.NewGuid(), Guid.NewGuid(), ChannelSet.Sms, TimeZoneInfo.Utc, null, null);
        var offer = new DeliveryOffer(h.MerchantId, Guid.NewGuid(), "restock", LearnerHarness.Start, LearnerHarness.Start.AddHours(12), Daytime);
        var choice = (await ChooseAsync(h, offer, [question]))[0];
        await h.AddEventsAsync(question.DeliveryId, question.RecipientId, "sms", "clicked", 1000, choice.SendAt.AddMinutes(5));
        h.Time.Advance(TimeSpan.FromHours(1));

        var first = await h.Get<LearnerService>().UpdateAsync(h.MerchantId, CancellationToken.None);
        var again = await h.Get<LearnerService>().UpdateAsync(h.MerchantId, CancellationToken.None);
        var state = await StateAsync(h, question.RecipientId);

        Assert.Equal(new LearnerUpdate(1000, 1, 0), first);
        Assert.Equal(new LearnerUpdate(0, 0, 0), again);
        Assert.Equal((1f, 1f), state.Arm((int)Channel.Sms, WeekBuckets.Of(choice.SendAt, TimeZoneInfo.Utc)));
        Assert.True((await h.Get<LearnerService>().ExplainAsync(h.MerchantId, question.DeliveryId, CancellationToken.None)).TryGetValue(out var explained, out _));
        Assert.Equal("engaged", explained.Outcome);
    }

    [SkippableFact]
    public async Task Update_NothingBeforeTheDeadline_SettlesNotEngagedAndIgnoresLateOrMachineOpens()
    {
        await using var h = await LearnerHarness.CreateAsync(Provider);
        var question = new DeliveryQuestion(Guid.NewGuid(), Guid.NewGuid(), ChannelSet.Email, TimeZoneInfo.Utc, null, null);
        var offer = new DeliveryOffer(h.MerchantId, Guid.NewGuid(), "restock", LearnerHarness.Start, LearnerHarness.Start.AddHours(2), Daytime);
        var choice = (await ChooseAsync(h, offer, [question]))[0];
        await h.AddEventsAsync(question.DeliveryId, question.RecipientId, "email", "opened", 3, LearnerHarness.Start.AddMinutes(1), device: "proxy");
        await h.AddEventsAsync(question.DeliveryId, question.RecipientId, "email", "opened", 1, LearnerHarness.Start.AddHours(3));
        h.Time.Advance(TimeSpan.FromHours(4));

        var update = await h.Get<LearnerService>().UpdateAsync(h.MerchantId, CancellationToken.None);
        var state = await StateAsync(h, question.RecipientId);

        Assert.Equal(new LearnerUpdate(4, 0, 1), update);
        Assert.Equal((0f, 1f), state.Arm((int)Channel.Email, WeekBuckets.Of(choice.SendAt, TimeZoneInfo.Utc)));
    }

    [SkippableFact]
    public async Task Refit_AfterSettledDecisions_StoresPriorsTheNextDecisionsUse()
    {
        await using var h = await LearnerHarness.CreateAsync(Provider);
        var questions = Enumerable.Range(0, 40).Select(_ => new DeliveryQuestion(Guid.NewGuid(), Guid.NewGuid(), ChannelSet.Sms, TimeZoneInfo.Utc, null, "vip")).ToList();
        var offer = new DeliveryOffer(h.MerchantId, Guid.NewGuid(), "restock", LearnerHarness.Start, LearnerHarness.Start.AddHours(1), Daytime);
        var choices = await ChooseAsync(h, offer, questions);
        foreach (var q in questions)
        {
            await h.AddEventsAsync(q.DeliveryId, q.RecipientId, "sms", "replied", 1, LearnerHarness.Start.AddMinutes(2));
        }

        await h.Get<LearnerService>().UpdateAsync(h.MerchantId, CancellationToken.None);
        var recipients = await h.Get<LearnerService>().RefitAsync(h.MerchantId, CancellationToken.None);
        await using var connection = await h.Database.Factory.OpenAsync(CancellationToken.None);
        var priors = await LearnerStore.PriorsAsync(connection, null, h.MerchantId, CancellationToken.None);

        Assert.Equal(40, recipients);
        Assert.True(priors.Population.Channels[(int)Channel.Sms] > 0.5, $"{priors.Population.Channels[(int)Channel.Sms]}");
        Assert.True(priors.Segments.ContainsKey("vip"));
        Assert.All(choices, c => Assert.Equal(Channel.Sms, c.Channel));
    }

    [SkippableFact]
    public async Task EvaluateLogged_SettledDecisions_EstimatesEveryTargetFromThemAlone()
    {
        await using var h = await LearnerHarness.CreateAsync(Provider);
        var questions = Enumerable.Range(0, 30).Select(_ => new DeliveryQuestion(Guid.NewGuid(), Guid.NewGuid(), ChannelSet.Email | ChannelSet.Sms, TimeZoneInfo.Utc, null, null)).ToList();
        var offer = new DeliveryOffer(h.MerchantId, Guid.NewGuid(), "restock", LearnerHarness.Start, LearnerHarness.Start.AddHours(3), Daytime);
        var choices = await ChooseAsync(h, offer, questions);
        for (var i = 0; i < questions.Count; i++)
        {
            if (choices[i].Channel == Channel.Sms)
            {
                await h.AddEventsAsync(questions[i].DeliveryId, questions[i].RecipientId, "sms", "clicked", 1, choices[i].SendAt.AddMinutes(1));
            }
        }

        h.Time.Advance(TimeSpan.FromHours(4));
        await h.Get<LearnerService>().UpdateAsync(h.MerchantId, CancellationToken.None);
        var result = await h.Get<LearnerService>().EvaluateLoggedAsync(h.MerchantId, 30, CancellationToken.None);
        var refused = await h.Get<LearnerService>().EvaluateLoggedAsync(h.MerchantId, 0, CancellationToken.None);

        Assert.True(result.TryGetValue(out var estimates, out _));
        Assert.Equal(["fixed email", "fixed sms", "greedy posterior mean"], estimates.Select(e => e.Target));
        Assert.All(estimates, e => Assert.Equal(30, e.Logged));
        Assert.Equal(0, estimates[0].Ips); // email was never engaged with: IPS of "always email" is exactly 0
        Assert.False(refused.TryGetValue(out _, out var error));
        Assert.Equal("days", error.Field);
    }

    private static async Task<IReadOnlyList<DeliveryChoice>> ChooseAsync(LearnerHarness h, DeliveryOffer offer, IReadOnlyList<DeliveryQuestion> questions)
    {
        var chooser = h.Get<IDeliveryChooser>();
        await using var connection = await h.Database.Factory.OpenAsync(CancellationToken.None);
        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, CancellationToken.None);
        var choices = await chooser.ChooseAsync(connection, write.Transaction, offer, questions, CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
        return choices;
    }

    private static async Task<RecipientState> StateAsync(LearnerHarness h, Guid recipientId)
    {
        await using var connection = await h.Database.Factory.OpenAsync(CancellationToken.None);
        var bytes = await connection.QuerySingleAsync<byte[]>("SELECT state FROM learner_recipients WHERE recipient_id = @recipientId", new { recipientId });
        return RecipientState.Deserialize(bytes);
    }
}

public sealed class SqliteLearnerStorageTests : LearnerStorageContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresLearnerStorageTests : LearnerStorageContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
