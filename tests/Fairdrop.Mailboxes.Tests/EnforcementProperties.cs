using CsCheck;
using Fairdrop.Core.Storage;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Tests;

/// <summary>
/// Random ranges (every kind, at the user, role and default levels), random clocks and random messages: every operation
/// sees exactly the messages the independent model below says are inside the effective range — list (paged), read,
/// count, search (total and hits), export, reply, delete — and a hidden id answers exactly like a missing one.
/// </summary>
public sealed class EnforcementProperties
{
    private const long Day = 86_400_000;

    private static readonly Gen<RangeSpec> Ranges =
        Gen.Select(Gen.Int[0, 3], Gen.Long[1, 120 * Day], Gen.Long[-200 * Day, 5 * Day], Gen.Long[0, 200 * Day])
            .Select((kind, length, startOffset, span) => kind switch
            {
                0 => new RangeSpec(RangeKind.Rolling, TimeSpan.FromMilliseconds(length)),
                1 => new RangeSpec(RangeKind.Since, Start: Offset(startOffset)),
                2 => new RangeSpec(RangeKind.Until, Deadline: Offset(startOffset)),
                _ => new RangeSpec(RangeKind.Between, Start: Offset(startOffset), Deadline: Offset(startOffset + span)),
            });

    // Message times relative to "now", some exactly on a range's edge would need the range; boundaries are covered by exact tests.
    private static readonly Gen<Scenario> Scenarios = Gen.Select(
            Gen.Long[-250 * Day, 2 * Day].Array[0, 18],
            Ranges.Array[0, 2],
            Ranges.Array[0, 2],
            Ranges.Array[0, 2],
            Gen.Long[0, 40 * Day])
        .Select((times, user, role, fallback, advance) => new Scenario(times, user, role, fallback, advance));

    private static DateTimeOffset Offset(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms); // relative: rebased on "now" below

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task EveryOperation_SeesExactlyTheEffectiveRange(StorageProvider provider)
    {
        await using var h = await MailboxHarness.CreateAsync(provider);
        var agent = await h.StaffAsync("support");
        await Scenarios.SampleAsync(async scenario => await CheckAsync(h, agent, scenario), iter: provider == StorageProvider.Sqlite ? 40 : 20, threads: 1);
    }

    private static async Task CheckAsync(MailboxHarness h, Core.Staff.StaffUser agent, Scenario s)
    {
        var ct = CancellationToken.None;
        var account = await h.AccountAsync();
        var now = h.Time.GetUtcNow();
        var messages = new List<(MailboxMessage Message, bool Hidden)>();
        var user = s.User.Select(r => Rebase(r, now)).ToArray();
        var role = s.Role.Select(r => Rebase(r, now)).ToArray();
        var fallback = s.Default.Select(r => Rebase(r, now)).ToArray();
        await h.SetAsync(account, MailboxUser.ForUser(agent.Id), user);
        await h.SetAsync(account, MailboxUser.ForRole("support"), role);
        await h.SetAsync(account, MailboxUser.Default, fallback);

        // Messages are written now; the clock then moves on, so rolling and open ranges are checked at a later "now".
        var stored = new List<MailboxMessage>();
        for (var i = 0; i < s.Times.Length; i++)
        {
            stored.Add(await h.AddAsync(account, now.AddMilliseconds(s.Times[i]), subject: $"Parcel {i}", body: $"parcel number{i} tracking"));
        }

        h.Time.Advance(TimeSpan.FromMilliseconds(s.Advance));
        var later = h.Time.GetUtcNow();
        var effective = user.Length > 0 ? user : role.Length > 0 ? role : fallback;
        var expected = stored.Where(m => effective.Any(r => Covers(r, later, m.At))).OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Select(m => m.Id).ToList();
        var caller = MailboxCaller.Staff(agent.Id);

        // list, paged by 3
        var listed = new List<Guid>();
        string? after = null;
        do
        {
            var page = (await h.Mailboxes.ListAsync(h.MerchantId, account, caller, after, null, 3, ct)).Value!;
            listed.AddRange(page.Items.Select(m => m.Id));
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(expected, listed);

        // count, search (total and hits), export
        Assert.Equal(expected.Count, (await h.Mailboxes.CountAsync(h.MerchantId, account, caller, null, ct)).Value);
        var search = (await h.Mailboxes.SearchAsync(h.MerchantId, account, caller, "parcel", 1000, ct)).Value!;
        Assert.Equal(expected.Count, search.Total);
        Assert.Equal(expected, search.Items.Select(i => i.Message.Id).ToList());
        for (var i = 0; i < stored.Count; i++)
        {
            var one = (await h.Mailboxes.SearchAsync(h.MerchantId, account, caller, $"number{i}", 10, ct)).Value!;
            var visible = expected.Contains(stored[i].Id);
            Assert.Equal(visible ? 1 : 0, one.Total);
            Assert.Equal(visible ? 1 : 0, (await h.Mailboxes.CountAsync(h.MerchantId, account, caller, $"number{i}", ct)).Value);
            Assert.DoesNotContain(search.Items, hit => !visible && hit.Snippet.Contains($"number{i} ", StringComparison.Ordinal));
        }

        var csv = (await h.Mailboxes.ExportAsync(h.MerchantId, account, caller, "csv", ct)).Value!;
        Assert.Equal(expected.Count, csv.Messages);
        Assert.All(stored, m => Assert.Equal(expected.Contains(m.Id), csv.Content.Contains(m.Id.ToString("D"), StringComparison.Ordinal)));
        var mbox = (await h.Mailboxes.ExportAsync(h.MerchantId, account, caller, "mbox", ct)).Value!;
        Assert.All(stored, m => Assert.Equal(expected.Contains(m.Id), mbox.Content.Contains(m.Id.ToString("D"), StringComparison.Ordinal)));

        // read and reply: hidden answers exactly like missing
        var missing = await h.Mailboxes.GetAsync(h.MerchantId, account, caller, Guid.CreateVersion7(), ct);
        foreach (var m in stored)
        {
            var read = await h.Mailboxes.GetAsync(h.MerchantId, account, caller, m.Id, ct);
            if (expected.Contains(m.Id))
            {
                Assert.Equal(m.Body, read.Value?.Body);
            }
            else
            {
                Assert.Equal(missing.Error, read.Error);
                Assert.Equal(missing.Error, (await h.Mailboxes.ReplyAsync(h.MerchantId, account, caller, m.Id, "hello", ct)).Error);
                Assert.Equal(missing.Error, (await h.Mailboxes.DeleteAsync(h.MerchantId, account, caller, m.Id, ct)).Error);
            }
        }

        // delete everything visible: exactly the visible ones go, the hidden ones stay
        Assert.Equal(expected.Count, (await h.Mailboxes.DeleteVisibleAsync(h.MerchantId, account, caller, ct)).Value);
        var everyone = MailboxCaller.Operator(MailboxUser.ForRole("everything"));
        await h.SetAsync(account, MailboxUser.ForRole("everything"), new RangeSpec(RangeKind.Until, Deadline: DateTimeOffset.MaxValue.AddYears(-1)));
        var left = (await h.Mailboxes.ExportAsync(h.MerchantId, account, everyone, "csv", ct)).Value!;
        Assert.Equal(stored.Count - expected.Count, left.Messages);
        Assert.All(stored, m => Assert.Equal(!expected.Contains(m.Id), left.Content.Contains(m.Id.ToString("D"), StringComparison.Ordinal)));
    }

    /// <summary>The model, written from the definition of each kind rather than from the module's code. Both ends inclusive, at millisecond precision.</summary>
    private static bool Covers(RangeSpec r, DateTimeOffset now, DateTimeOffset at)
    {
        var t = at.ToUnixTimeMilliseconds();
        var n = now.ToUnixTimeMilliseconds();
        return r.Kind switch
        {
            RangeKind.Rolling => n - (long)r.Length!.Value.TotalMilliseconds <= t && t <= n,
            RangeKind.Since => r.Start!.Value.ToUnixTimeMilliseconds() <= t && t <= n,
            RangeKind.Until => t <= r.Deadline!.Value.ToUnixTimeMilliseconds(),
            _ => r.Start!.Value.ToUnixTimeMilliseconds() <= t && t <= r.Deadline!.Value.ToUnixTimeMilliseconds(),
        };
    }

    private static RangeSpec Rebase(RangeSpec r, DateTimeOffset now) => r with
    {
        Start = r.Start is { } start ? now + (start - DateTimeOffset.UnixEpoch) : null,
        Deadline = r.Deadline is { } deadline ? now + (deadline - DateTimeOffset.UnixEpoch) : null,
    };

    private sealed record Scenario(long[] Times, RangeSpec[] User, RangeSpec[] Role, RangeSpec[] Default, long Advance);
}
