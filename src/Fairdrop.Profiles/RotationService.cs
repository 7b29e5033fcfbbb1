using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Outbound;
using Fairdrop.Profiles.Model;
using Fairdrop.Profiles.Storage;

namespace Fairdrop.Profiles;

/// <summary>Starts, ends and shows a profile's rotations and their history; the worker does the network work.</summary>
public sealed class RotationService
{
    public const int MaxHours = 24 * 30;

    private readonly RotationStore _rotations;
    private readonly ProfileStore _profiles;
    private readonly OutboundGuard _guard;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal RotationService(RotationStore rotations, ProfileStore profiles, OutboundGuard guard, IdGenerator ids, TimeProvider time)
    {
        _rotations = rotations;
        _profiles = profiles;
        _guard = guard;
        _ids = ids;
        _time = time;
    }

    /// <summary>A new rotation; refused while the profile has another in progress (one at a time).</summary>
    public async Task<Result<Rotation>> StartAsync(Guid merchantId, Guid profileId, NewRotation input, CancellationToken cancellationToken)
    {
        if (await _profiles.GetAsync(merchantId, profileId, cancellationToken) is null)
        {
            return ProfileErrors.ProfileMissing();
        }

        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var now = _time.GetUtcNow();
        var row = new RotationRow
        {
            Id = _ids.NewId(),
            MerchantId = merchantId,
            ProfileId = profileId,
            Rule = input.Rule!,
            Subject = input.Subject,
            Hours = input.Rule == RotationStates.Restock ? input.Hours ?? 24 : null,
            ImageUrl = input.ImageUrl!,
            BadgeText = input.BadgeText,
            State = input.Rule == RotationStates.Manual ? RotationStates.Assigning : RotationStates.Waiting,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await _rotations.TryInsertAsync(row, cancellationToken) ? row.ToRotation() : ProfileErrors.Busy();
    }

    public async Task<Result<Rotation>> GetAsync(Guid merchantId, Guid rotationId, CancellationToken cancellationToken) =>
        await _rotations.GetAsync(merchantId, rotationId, cancellationToken) is { } row ? row.ToRotation() : ProfileErrors.RotationMissing();

    /// <summary>A profile's rotations, newest first, before the cursor; the caller has checked the limit.</summary>
    public async Task<Result<IReadOnlyList<Rotation>>> ListAsync(Guid merchantId, Guid profileId, Guid? before, int limit, CancellationToken cancellationToken)
    {
        if (await _profiles.GetAsync(merchantId, profileId, cancellationToken) is null)
        {
            return ProfileErrors.ProfileMissing();
        }

        return (await _rotations.ListAsync(merchantId, profileId, before, limit, cancellationToken)).Select(r => r.ToRotation()).ToList();
    }

    /// <summary>Ends by hand: an active rotation restores the previous avatar; a waiting one is cancelled (nothing was changed).</summary>
    public Task<Result<Rotation>> EndAsync(Guid merchantId, Guid rotationId, CancellationToken cancellationToken) =>
        MoveAsync(merchantId, rotationId, cancellationToken, (RotationStates.Active, RotationStates.Restoring), (RotationStates.Waiting, RotationStates.Cancelled));

    /// <summary>After the merchant fixed what stopped it (a credential): a failed restore tries again.</summary>
    public Task<Result<Rotation>> RetryAsync(Guid merchantId, Guid rotationId, CancellationToken cancellationToken) =>
        MoveAsync(merchantId, rotationId, cancellationToken, (RotationStates.RestoreFailed, RotationStates.Restoring));

    /// <summary>The images sent for this rotation, ours and the restored one, by hash and size.</summary>
    public async Task<Result<IReadOnlyList<Assignment>>> HistoryAsync(Guid merchantId, Guid rotationId, CancellationToken cancellationToken) =>
        await _rotations.GetAsync(merchantId, rotationId, cancellationToken) is null
            ? ProfileErrors.RotationMissing()
            : Result<IReadOnlyList<Assignment>>.Success(await _rotations.AssignmentsAsync(rotationId, cancellationToken));

    /// <summary>The bytes and media type of one image of the history.</summary>
    public async Task<Result<(string MediaType, byte[] Image)>> HistoryImageAsync(Guid merchantId, Guid rotationId, Guid assignmentId, CancellationToken cancellationToken)
    {
        if (await _rotations.GetAsync(merchantId, rotationId, cancellationToken) is null)
        {
            return ProfileErrors.RotationMissing();
        }

        return await _rotations.AssignmentImageAsync(rotationId, assignmentId, cancellationToken) is ({ } mediaType, { } image)
            ? (mediaType, image)
            : Error.NotFound("The image");
    }

    private async Task<Result<Rotation>> MoveAsync(Guid merchantId, Guid rotationId, CancellationToken cancellationToken, params (string From, string To)[] moves)
    {
        foreach (var (from, to) in moves)
        {
            if (await _rotations.TryMoveAsync(merchantId, rotationId, from, to, _time.GetUtcNow(), cancellationToken))
            {
                return await GetAsync(merchantId, rotationId, cancellationToken);
            }
        }

        return await _rotations.GetAsync(merchantId, rotationId, cancellationToken) is { } row
            ? Error.Of(ErrorKind.Conflict, ErrorCodes.Conflict, $"The rotation is {row.State}{(row.LeaseOwner is null ? string.Empty : " and being worked on")}; try again when it is active (or restore_failed, to retry).")
            : ProfileErrors.RotationMissing();
    }

    private Error? Check(NewRotation input)
    {
        if (input.Rule is not (RotationStates.Manual or RotationStates.Drop or RotationStates.Restock))
        {
            return Error.Validation("rule", "rule must be manual, drop or restock.");
        }

        if (input.Rule != RotationStates.Manual && input.Subject is not { Length: > 0 and <= 200 })
        {
            return Error.Validation("subject", $"subject is required for the {input.Rule} rule: the {(input.Rule == RotationStates.Drop ? "drop's id" : "product's id")}.");
        }

        if (input.Hours is < 1 or > MaxHours)
        {
            return Error.Validation("hours", $"hours must be 1–{MaxHours}.");
        }

        if (input.BadgeText is { Length: > Templates.TemplateRules.MaxBadgeLength })
        {
            return Error.Validation("badgeText", $"badgeText must be at most {Templates.TemplateRules.MaxBadgeLength} characters.");
        }

        return _guard.CheckUrl(input.ImageUrl, "imageUrl");
    }
}
