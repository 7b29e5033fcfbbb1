using Fairdrop.Core.Errors;
using Fairdrop.Core.Staff;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;

namespace Fairdrop.Mailboxes.Ranges;

/// <summary>
/// Works out what a caller may see of one account: who they are as a mailbox user (themselves, their employee record,
/// their role, or the subject an API key names), the ranges that apply by <see cref="RangeRules"/>, and the predicate
/// every content statement then carries.
/// </summary>
internal sealed class CallerScopes(AccountStore accounts, StaffService staff, TimeProvider time)
{
    public async Task<Result<CallerScope>> ResolveAsync(Guid merchantId, Guid accountId, MailboxCaller caller, CancellationToken cancellationToken)
    {
        if (await accounts.GetAsync(merchantId, accountId, cancellationToken) is not { } account)
        {
            return MailboxErrors.AccountMissing();
        }

        if (!(await LevelsAsync(merchantId, caller, cancellationToken)).TryGetValue(out var levels, out var error))
        {
            return error;
        }

        var (from, ranges) = RangeRules.Combine(await accounts.RangesAsync(accountId, cancellationToken), levels);
        var intervals = RangeRules.Intervals(ranges, time.GetUtcNow());
        var effective = new EffectiveRanges(from, ranges, [.. intervals.Select(i => new ResolvedInterval(ToInstant(i.From), ToInstant(i.To)))]);
        return new CallerScope(account, RangePredicate.For(intervals), effective);
    }

    private async Task<Result<IReadOnlyList<MailboxUser>>> LevelsAsync(Guid merchantId, MailboxCaller caller, CancellationToken cancellationToken)
    {
        var userId = caller.StaffUserId ?? (caller.As is { Kind: MailboxUserKind.User } asUser ? Guid.Parse(asUser.Key) : (Guid?)null);
        if (userId is { } id)
        {
            return await staff.GetAsync(merchantId, id, cancellationToken) is { } user
                ? Result<IReadOnlyList<MailboxUser>>.Success(RangeRules.Levels(user.Id, user.EmployeeId, user.Role))
                : MailboxErrors.UserRequired();
        }

        return caller.As switch
        {
            { Kind: MailboxUserKind.Employee } subject => Result<IReadOnlyList<MailboxUser>>.Success(RangeRules.Levels(null, Guid.Parse(subject.Key), null)),
            { Kind: MailboxUserKind.Role } subject => Result<IReadOnlyList<MailboxUser>>.Success(RangeRules.Levels(null, null, subject.Key)),
            { } => Result<IReadOnlyList<MailboxUser>>.Success(RangeRules.Levels(null, null, null)),
            null => MailboxErrors.UserRequired(),
        };
    }

    private static DateTimeOffset ToInstant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, -62135596800000L, 253402300799999L));
}

/// <summary>One caller's view of one account: the account, the predicate its statements carry, and the ranges behind it.</summary>
internal sealed record CallerScope(AccountRow Account, RangePredicate Predicate, EffectiveRanges Effective)
{
    public string Describe() => Effective.From is null
        ? "no range: nothing visible"
        : $"{Effective.From}: " + string.Join(", ", Effective.Intervals.Select(i => $"[{i.From:O} .. {i.To:O}]"));
}
