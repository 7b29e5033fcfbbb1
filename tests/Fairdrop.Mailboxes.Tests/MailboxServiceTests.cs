using System.Globalization;
using Fairdrop.Core.Storage;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Tests;

public sealed class MailboxServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task SupportAndAuditor_OnOneMailbox_EachSeeExactlyTheirPart(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var account = await h.AccountAsync();
        var support = await h.StaffAsync("support");
        var auditor = await h.StaffAsync("viewer");
        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30)));
        await h.SetAsync(account, MailboxUser.ForUser(auditor.Id), new RangeSpec(RangeKind.Between, Start: At("2026-01-01T00:00:00Z"), Deadline: At("2026-03-31T23:59:59.999Z")));
        var q1 = await h.AddAsync(account, At("2026-02-10T09:00:00Z"), "Refund", "refund for order 17");
        var q1Edge = await h.AddAsync(account, At("2026-03-31T23:59:59.999Z"), "Late refund", "refund at the edge");
        var april = await h.AddAsync(account, At("2026-04-01T00:00:00Z"), "April", "refund in april");
        var recent = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-3), "Where", "refund still missing");

        var supportSees = (await h.Mailboxes.ListAsync(h.MerchantId, account, MailboxCaller.Staff(support.Id), null, null, 100, Ct)).Value!.Items.Select(m => m.Id);
        var auditorSees = (await h.Mailboxes.ListAsync(h.MerchantId, account, MailboxCaller.Staff(auditor.Id), null, null, 100, Ct)).Value!.Items.Select(m => m.Id);
        Assert.Equal([recent.Id], supportSees);
        Assert.Equal([q1Edge.Id, q1.Id], auditorSees);
        Assert.DoesNotContain(april.Id, auditorSees);
        Assert.Equal(2, (await h.Mailboxes.SearchAsync(h.MerchantId, account, MailboxCaller.Staff(auditor.Id), "refund", 10, Ct)).Value!.Total);
        Assert.Equal(1, (await h.Mailboxes.SearchAsync(h.MerchantId, account, MailboxCaller.Staff(support.Id), "refund", 10, Ct)).Value!.Total);
    }

    [Fact]
    public async Task Rolling_MovesWithTheClock()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var agent = await h.StaffAsync("support");
        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30)));
        var message = await h.AddAsync(account, h.Time.GetUtcNow());
        var caller = MailboxCaller.Staff(agent.Id);

        h.Time.Advance(TimeSpan.FromDays(30));
        Assert.True((await h.Mailboxes.GetAsync(h.MerchantId, account, caller, message.Id, Ct)).IsSuccess); // exactly 30 days: the inclusive edge
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(MailboxErrors.MessageNotFound, (await h.Mailboxes.GetAsync(h.MerchantId, account, caller, message.Id, Ct)).Error?.Code);
        Assert.Equal(0, (await h.Mailboxes.CountAsync(h.MerchantId, account, caller, null, Ct)).Value);
    }

    [Fact]
    public async Task NoRange_SeesNothing_AndTheAuditLogSaysWhy()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var agent = await h.StaffAsync("support");
        var message = await h.AddAsync(account, h.Time.GetUtcNow());
        var caller = MailboxCaller.Staff(agent.Id);

        Assert.Empty((await h.Mailboxes.ListAsync(h.MerchantId, account, caller, null, null, 10, Ct)).Value!.Items);
        Assert.Equal(0, (await h.Mailboxes.CountAsync(h.MerchantId, account, caller, null, Ct)).Value);
        Assert.False((await h.Mailboxes.GetAsync(h.MerchantId, account, caller, message.Id, Ct)).IsSuccess);
        var effective = (await h.Mailboxes.EffectiveAsync(h.MerchantId, account, caller, Ct)).Value!;
        Assert.Null(effective.From);

        var audit = await h.MailboxAdmin.AuditLogAsync(h.MerchantId, null, 50, Ct);
        Assert.Contains(audit, a => a.Operation == "read" && a.Outcome == "refused_outside_range" && a.Target == message.Id.ToString("D") && a.Actor == $"user:{agent.Id:D}");
        Assert.Contains(audit, a => a.Operation == "list" && a.Detail!.Contains("no range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyWithoutMailboxUser_IsRefused_AndAudited()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var result = await h.Mailboxes.CountAsync(h.MerchantId, account, MailboxCaller.Staff(Guid.NewGuid()), null, Ct);
        Assert.Equal(MailboxErrors.MailboxUserRequired, result.Error?.Code);
        Assert.Contains(await h.MailboxAdmin.AuditLogAsync(h.MerchantId, null, 10, Ct), a => a.Outcome == "refused" && a.Detail == MailboxErrors.MailboxUserRequired);
    }

    [Fact]
    public async Task EmployeeRange_BeatsRole_UserRangeBeatsEmployee()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var employee = (await h.Staff.SaveEmployeeAsync(h.MerchantId, "E-7", "Support", Ct)).Value!;
        var agent = await h.StaffAsync("support", employee.Id);
        var old = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-100));
        var recent = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-1));
        var caller = MailboxCaller.Staff(agent.Id);
        async Task<IEnumerable<Guid>> SeenAsync() => (await h.Mailboxes.ListAsync(h.MerchantId, account, caller, null, null, 10, Ct)).Value!.Items.Select(m => m.Id);

        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(7)));
        Assert.Equal([recent.Id], await SeenAsync());
        await h.SetAsync(account, MailboxUser.ForEmployee(employee.Id), new RangeSpec(RangeKind.Until, Deadline: h.Time.GetUtcNow().AddDays(-50)));
        Assert.Equal([old.Id], await SeenAsync());
        await h.SetAsync(account, MailboxUser.ForUser(agent.Id), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(7)), new RangeSpec(RangeKind.Since, Start: h.Time.GetUtcNow().AddDays(-200)));
        Assert.Equal([recent.Id, old.Id], await SeenAsync());
        await h.SetAsync(account, MailboxUser.ForUser(agent.Id)); // removed: falls back to the employee record
        Assert.Equal([old.Id], await SeenAsync());
    }

    [Fact]
    public async Task SetRanges_Invalid_NamesTheField()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var now = h.Time.GetUtcNow();
        var bad = await h.MailboxAdmin.SetRangesAsync(h.MerchantId, account, MailboxUser.ForRole("x"),
            [new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(1)), new RangeSpec(RangeKind.Between, Start: now, Deadline: now.AddDays(-1))], "test", Ct);
        Assert.Equal("ranges[1].start", bad.Error?.Field);
        var zero = await h.MailboxAdmin.SetRangesAsync(h.MerchantId, account, MailboxUser.ForRole("x"), [new RangeSpec(RangeKind.Rolling, TimeSpan.Zero)], "test", Ct);
        Assert.Equal("ranges[0].length", zero.Error?.Field);
        Assert.Empty((await h.MailboxAdmin.ListRangesAsync(h.MerchantId, account, Ct)).Value!);
    }

    [Fact]
    public async Task Thread_StraddlingTheBoundary_ShowsOnlyItsVisiblePart()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var agent = await h.StaffAsync("support");
        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30)));
        var first = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-40), messageId: "a@shop.test");
        var second = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-2), messageId: "b@shop.test", inReplyTo: "a@shop.test");
        Assert.Equal(first.ThreadKey, second.ThreadKey);

        var thread = (await h.Mailboxes.ListAsync(h.MerchantId, account, MailboxCaller.Staff(agent.Id), null, first.ThreadKey, 10, Ct)).Value!;
        Assert.Equal([second.Id], thread.Items.Select(m => m.Id));
    }

    [Fact]
    public async Task Reply_SetsInReplyToAndReferences_AndJoinsTheThread()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var agent = await h.StaffAsync("support");
        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30)));
        var root = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-3), messageId: "root@example.com");
        var question = await h.AddAsync(account, h.Time.GetUtcNow().AddDays(-2), subject: "Re: Order", messageId: "q@example.com", inReplyTo: "root@example.com");

        var reply = await h.Mailboxes.ReplyAsync(h.MerchantId, account, MailboxCaller.Staff(agent.Id), question.Id, "It ships today.", Ct);
        Assert.True(reply.IsSuccess, reply.Error?.Message);
        var sent = Assert.Single(h.Sender.Sent);
        Assert.Equal("q@example.com", sent.InReplyTo);
        Assert.Equal(["q@example.com"], sent.References);
        Assert.Equal("Re: Order", sent.Subject);
        Assert.Equal("shopper@example.com", sent.To.Mailboxes.Single().Address);
        Assert.Equal("support@shop.test", sent.From.Mailboxes.Single().Address);
        Assert.Equal(root.ThreadKey, reply.Value!.ThreadKey);
        Assert.Equal("out", reply.Value.Direction);

        var forward = await h.Mailboxes.ForwardAsync(h.MerchantId, account, MailboxCaller.Staff(agent.Id), question.Id, "warehouse@shop.test", "Please check.", Ct);
        Assert.True(forward.IsSuccess, forward.Error?.Message);
        Assert.Equal("Fwd: Re: Order", h.Sender.Sent[1].Subject);
        Assert.Contains("Where is my order?", h.Sender.Sent[1].TextBody, StringComparison.Ordinal);
        Assert.Equal("to", (await h.Mailboxes.ForwardAsync(h.MerchantId, account, MailboxCaller.Staff(agent.Id), question.Id, "not an address", null, Ct)).Error?.Field);
    }

    [Fact]
    public async Task Search_QueryWithFtsSyntax_IsText()
    {
        await using var h = await MailboxHarness.CreateAsync(StorageProvider.Sqlite);
        var account = await h.AccountAsync();
        var agent = await h.StaffAsync("support");
        await h.SetAsync(account, MailboxUser.ForRole("support"), new RangeSpec(RangeKind.Rolling, TimeSpan.FromDays(30)));
        await h.AddAsync(account, h.Time.GetUtcNow(), body: "size NEAR colour \"quoted\"");
        var result = await h.Mailboxes.SearchAsync(h.MerchantId, account, MailboxCaller.Staff(agent.Id), "NEAR( \"quoted", 10, Ct);
        Assert.True(result.IsSuccess);
        Assert.Equal(1, result.Value!.Total);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
