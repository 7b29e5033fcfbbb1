using System.Globalization;
using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Imaging;
using Fairdrop.Profiles.Model;
using Fairdrop.Profiles.Networks;
using SkiaSharp;

namespace Fairdrop.Profiles.Templates;

/// <summary>What a valid template is, and how a template, a rotation's badge text and a network make a <see cref="RenderSpec"/>.</summary>
internal static class TemplateRules
{
    public const int MaxBadgeLength = 40;

    /// <summary>The template in its stored spelling (lower-case words, upper-case colours), or the field at fault.</summary>
    public static Result<ProfileTemplate> Validate(ProfileTemplate template)
    {
        if (template.BadgeText is { } text && (text.Length > MaxBadgeLength || text.Any(char.IsControl)))
        {
            return Error.Validation("badgeText", $"badgeText must be at most {MaxBadgeLength} characters, without control characters.");
        }

        if (Position(template.BadgePosition) is null)
        {
            return Error.Validation("badgePosition", "badgePosition must be bottom, top or none.");
        }

        if (template.Mask is not null && Mask(template.Mask) is null)
        {
            return Error.Validation("mask", "mask must be circle, rounded or square (or absent: the network's own shape).");
        }

        foreach (var (field, value) in new[] { ("badgeBackground", template.BadgeBackground), ("badgeForeground", template.BadgeForeground) })
        {
            if (value is not null && Colour(value) is null)
            {
                return Error.Validation(field, $"{field} must be a colour as #RRGGBB.");
            }
        }

        if (Colour(template.BadgeBackground) is { } background && Colour(template.BadgeForeground) is { } foreground
            && Contrast.Ratio(background, foreground) is var ratio && ratio < Contrast.Minimum)
        {
            return ProfileErrors.Unprocessable(
                ProfileErrors.BadgeContrastTooLow,
                $"The badge's text and background contrast {ratio:0.00}:1; at least {Contrast.Minimum}:1 (WCAG AA) is needed to read it.",
                "badgeForeground");
        }

        return template with
        {
            BadgePosition = template.BadgePosition?.ToLowerInvariant() ?? "bottom",
            Mask = template.Mask?.ToLowerInvariant(),
            BadgeBackground = template.BadgeBackground?.ToUpperInvariant(),
            BadgeForeground = template.BadgeForeground?.ToUpperInvariant(),
        };
    }

    public static RenderSpec Spec(ProfileTemplate template, string? badgeText, NetworkLimits limits) => new(
        limits.Size,
        Mask(template.Mask) ?? limits.Mask,
        badgeText ?? template.BadgeText,
        Position(template.BadgePosition) ?? BadgePosition.Bottom,
        Colour(template.BadgeBackground),
        Colour(template.BadgeForeground));

    private static BadgePosition? Position(string? value) => value?.ToLowerInvariant() switch
    {
        null or "bottom" => BadgePosition.Bottom,
        "top" => BadgePosition.Top,
        "none" => BadgePosition.None,
        _ => null,
    };

    private static AvatarMask? Mask(string? value) => value?.ToLowerInvariant() switch
    {
        "circle" => AvatarMask.Circle,
        "rounded" => AvatarMask.Rounded,
        "square" => AvatarMask.Square,
        _ => null,
    };

    private static SKColor? Colour(string? value) =>
        value is ['#', .. var hex] && hex.Length == 6 && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb)
            ? new SKColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb)
            : null;
}
