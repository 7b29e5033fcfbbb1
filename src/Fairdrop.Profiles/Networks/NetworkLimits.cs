using Fairdrop.Profiles.Imaging;

namespace Fairdrop.Profiles.Networks;

/// <summary>How a network shows and accepts avatars: side in pixels, largest upload in bytes, the shape feeds show.</summary>
internal sealed record NetworkLimits(int Size, long MaxBytes, AvatarMask Mask);
