using Fairdrop.Core.Errors;

namespace Fairdrop.Profiles;

/// <summary>The profiles module's stable error codes (docs/profiles.md lists them), each with the kind it is answered as.</summary>
public static class ProfileErrors
{
    public const string ImageFetchFailed = "image_fetch_failed";
    public const string ImageTooLarge = "image_too_large";
    public const string UnsupportedImage = "unsupported_image";
    public const string ImageDimensionsTooLarge = "image_dimensions_too_large";
    public const string ImageTruncated = "image_truncated";
    public const string ImageOverNetworkLimit = "image_over_network_limit";
    public const string BadgeContrastTooLow = "badge_contrast_too_low";
    public const string ProfileNotFound = "profile_not_found";
    public const string RotationNotFound = "rotation_not_found";
    public const string RotationInProgress = "rotation_in_progress";

    internal static Error Unprocessable(string code, string message, string? field = null) => Error.Of(ErrorKind.Unprocessable, code, message, field);

    internal static Error ProfileMissing() => Error.Of(ErrorKind.NotFound, ProfileNotFound, "The social profile was not found.");

    internal static Error RotationMissing() => Error.Of(ErrorKind.NotFound, RotationNotFound, "The rotation was not found.");

    internal static Error Busy() =>
        Error.Of(ErrorKind.Conflict, RotationInProgress, "The profile already has a rotation in progress; end it first (one rotation at a time per profile).");
}
