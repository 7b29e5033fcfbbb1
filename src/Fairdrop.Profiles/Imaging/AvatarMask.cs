namespace Fairdrop.Profiles.Imaging;

/// <summary>The shape a network shows avatars in; outside it the image is transparent (PNG) or the backdrop colour (JPEG).</summary>
internal enum AvatarMask
{
    Circle,
    Rounded,
    Square,
}
