using System.Security.Cryptography;
using Fairdrop.Core.Ids;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Model;
using Fairdrop.Profiles.Networks;
using Fairdrop.Profiles.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Profiles.Rotations;

/// <summary>
/// Moves due rotations one step: waiting → assigning when its moment starts; assigning saves the previous avatar (once),
/// makes ours and sends it; active → restoring when the moment ends; restoring sends the previous avatar back. Each step
/// runs under the rotation's lease; a worker that dies mid-step leaves the lease to expire, and the next one redoes the
/// step (setting an avatar twice is harmless; the previous avatar is never read twice).
/// </summary>
internal sealed class RotationRunner(
    RotationStore rotations,
    ProfileStore profiles,
    NetworkAdapters adapters,
    ProfileImages images,
    IProfileMoments moments,
    IdGenerator ids,
    TimeProvider time,
    IOptions<ProfilesOptions> options,
    ProfilesMetrics metrics,
    ILogger<RotationRunner> logger)
{
    /// <summary>Attempts at assigning before the rotation fails; restoring never gives up by itself.</summary>
    public const int MaxAssignAttempts = 8;

    /// <summary>Advances every due rotation this worker can claim; returns how many it advanced.</summary>
    public async Task<int> RunDueAsync(string owner, CancellationToken cancellationToken)
    {
        var advanced = 0;
        foreach (var id in await rotations.DueAsync(time.GetUtcNow(), 50, cancellationToken))
        {
            var now = time.GetUtcNow();
            if (await rotations.TryClaimAsync(id, owner, now, now + options.Value.LeaseDuration, cancellationToken) is { } row)
            {
                await AdvanceAsync(row, owner, cancellationToken);
                advanced++;
            }
        }

        return advanced;
    }

    private async Task AdvanceAsync(RotationRow row, string owner, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(row.MerchantId, row.ProfileId, cancellationToken);
        if (profile is null || adapters.Find(profile.Network) is not { } adapter)
        {
            await FinishAsync(row, owner, RotationStates.Failed, "the profile or its network is gone", cancellationToken);
            return;
        }

        if (row.State == RotationStates.Waiting && !await StartsAsync(row, owner, cancellationToken))
        {
            return;
        }

        if (row.State == RotationStates.Active && !await EndsAsync(row, owner, cancellationToken))
        {
            return;
        }

        if (row.State == RotationStates.Assigning)
        {
            await AssignAsync(row, profile, adapter, owner, cancellationToken);
        }
        else if (row.State == RotationStates.Restoring)
        {
            await RestoreAsync(row, profile, adapter, owner, cancellationToken);
        }
    }

    /// <summary>True when the moment has started (the row is now assigning); otherwise the row is saved to wait, or closed.</summary>
    private async Task<bool> StartsAsync(RotationRow row, string owner, CancellationToken cancellationToken)
    {
        switch (await moments.ReadAsync(row.MerchantId, row.Rule, row.Subject!, row.CreatedAt, cancellationToken))
        {
            case ProfileMoment.Started:
                row.State = RotationStates.Assigning;
                return true;
            case ProfileMoment.NotYet:
                row.NextAttemptAt = time.GetUtcNow() + options.Value.PollInterval;
                await rotations.SaveAsync(row, owner, time.GetUtcNow(), cancellationToken);
                return false;
            case ProfileMoment.Ended:
                await FinishAsync(row, owner, RotationStates.Cancelled, $"the {row.Rule} ended before the rotation could start; nothing was changed", cancellationToken);
                return false;
            default:
                await FinishAsync(row, owner, RotationStates.Failed, $"no {row.Rule} '{row.Subject}' is known for this merchant; nothing was changed", cancellationToken);
                return false;
        }
    }

    /// <summary>True when the moment is over (the row is now restoring); otherwise the row is saved to look again later.</summary>
    private async Task<bool> EndsAsync(RotationRow row, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var over = row.Rule switch
        {
            RotationStates.Drop => await moments.ReadAsync(row.MerchantId, row.Rule, row.Subject!, row.CreatedAt, cancellationToken) is ProfileMoment.Ended or ProfileMoment.Unknown,
            RotationStates.Restock => now >= row.EndsAt,
            _ => false, // by hand: the merchant's end moves it to restoring
        };
        if (over)
        {
            row.State = RotationStates.Restoring;
            row.Attempts = 0;
            return true;
        }

        row.NextAttemptAt = row.Rule == RotationStates.Restock && row.EndsAt is { } ends ? ends : now + options.Value.PollInterval;
        if (row.Rule == RotationStates.Manual)
        {
            row.NextAttemptAt = now + TimeSpan.FromDays(1);
        }

        await rotations.SaveAsync(row, owner, now, cancellationToken);
        return false;
    }

    private async Task AssignAsync(RotationRow row, ProfileRow profile, INetworkAdapter adapter, string owner, CancellationToken cancellationToken)
    {
        if (!row.PreviousSaved)
        {
            var current = await SafeCalls.RunAsync(() => adapter.ReadCurrentAsync(profile, cancellationToken), cancellationToken);
            if (current.Value is not { } previous)
            {
                await FailedStepAsync(row, profile, owner, "reading the current avatar", current.As<bool>(), cancellationToken);
                return;
            }

            (row.PreviousSaved, row.PreviousAvatar, row.PreviousMediaType) = (true, previous.Bytes, previous.MediaType);
            if (!await rotations.SavePreviousAsync(row, owner, cancellationToken))
            {
                return; // the lease was lost: the worker that holds it now goes on
            }
        }

        var made = await images.CreateAsync(row.MerchantId, row.ImageUrl, row.BadgeText, adapter.Limits, cancellationToken);
        if (!made.TryGetValue(out var avatar, out var error))
        {
            var retryable = error.Code == ProfileErrors.ImageFetchFailed;
            await FailedStepAsync(row, profile, owner, "making the image", retryable ? NetworkResult<bool>.Retry(error.Message) : NetworkResult<bool>.Stop(error.Message + " Nothing was assigned."), cancellationToken);
            return;
        }

        var sent = await SafeCalls.RunAsync(() => adapter.SetAsync(profile, new CurrentAvatar(avatar.Bytes, avatar.MediaType), "assign", row.Id, cancellationToken), cancellationToken);
        if (sent.Outcome != NetworkOutcome.Done)
        {
            await FailedStepAsync(row, profile, owner, "assigning", sent, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        await rotations.AddAssignmentAsync(ids.NewId(), row.Id, "assign", avatar.MediaType, avatar.Bytes, Hash(avatar.Bytes), now, cancellationToken);
        (row.State, row.Reason, row.Attempts) = (RotationStates.Active, null, 0);
        row.EndsAt = row.Rule == RotationStates.Restock ? now.AddHours(row.Hours ?? 24) : null;
        row.NextAttemptAt = Later(sent.NotBefore, now + options.Value.PollInterval);
        await rotations.SaveAsync(row, owner, now, cancellationToken);
        metrics.Step("assign", "done");
        ProfilesLog.Step(logger, row.Id, profile.Network, "assigned");
    }

    private async Task RestoreAsync(RotationRow row, ProfileRow profile, INetworkAdapter adapter, string owner, CancellationToken cancellationToken)
    {
        var previous = new CurrentAvatar(row.PreviousAvatar, row.PreviousMediaType);
        var sent = await SafeCalls.RunAsync(() => adapter.SetAsync(profile, previous, "restore", row.Id, cancellationToken), cancellationToken);
        if (sent.Outcome != NetworkOutcome.Done)
        {
            await FailedStepAsync(row, profile, owner, "restoring", sent, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        await rotations.AddAssignmentAsync(ids.NewId(), row.Id, "restore", previous.MediaType, previous.Bytes, previous.Bytes is null ? null : Hash(previous.Bytes), now, cancellationToken);
        await FinishAsync(row, owner, RotationStates.Restored, null, cancellationToken);
        metrics.Step("restore", "done");
        ProfilesLog.Step(logger, row.Id, profile.Network, "restored");
    }

    /// <summary>A failed step: retried with backoff (or when the network said), or stopped with the reason shown to the merchant.</summary>
    private async Task FailedStepAsync(RotationRow row, ProfileRow profile, string owner, string step, NetworkResult<bool> result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var restoring = row.State == RotationStates.Restoring;
        metrics.Step(restoring ? "restore" : "assign", result.Outcome == NetworkOutcome.Stop ? "stop" : "retry");
        row.Attempts++;
        row.Reason = $"{step}: {result.Reason}";
        if (result.Outcome == NetworkOutcome.Stop || (!restoring && row.Attempts >= MaxAssignAttempts))
        {
            row.State = restoring ? RotationStates.RestoreFailed : RotationStates.Failed;
            row.NextAttemptAt = now;
            ProfilesLog.Stopped(logger, row.Id, profile.Network, row.Reason);
        }
        else
        {
            row.NextAttemptAt = Later(result.NotBefore, now + Backoff.After(row.Attempts));
            ProfilesLog.StepFailed(logger, row.Id, profile.Network, step, row.NextAttemptAt, row.Reason);
        }

        await rotations.SaveAsync(row, owner, now, cancellationToken);
    }

    private async Task FinishAsync(RotationRow row, string owner, string state, string? reason, CancellationToken cancellationToken)
    {
        (row.State, row.Reason, row.NextAttemptAt) = (state, reason, time.GetUtcNow());
        await rotations.SaveAsync(row, owner, time.GetUtcNow(), cancellationToken);
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
