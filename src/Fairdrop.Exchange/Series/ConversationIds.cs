using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// A conversation's id, the same whoever creates it (a reply, the same reply delivered twice at once, the timeout
/// worker): a version-7 layout with the launch's time, so a launch's conversations sort together, and the rest from a
/// hash of the launch and the recipient. Its actions' effects are keyed by it, so racing creators ask for one hold.
/// </summary>
internal static class ConversationIds
{
    public static Guid For(SeriesLaunch launch, Guid recipientId)
    {
        Span<byte> input = stackalloc byte[32];
        launch.Id.TryWriteBytes(input[..16], bigEndian: true, out _);
        recipientId.TryWriteBytes(input[16..], bigEndian: true, out _);
        Span<byte> id = stackalloc byte[32];
        SHA256.HashData(input, id);
        Span<byte> millis = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(millis, launch.CreatedAt.ToUnixTimeMilliseconds());
        millis[2..].CopyTo(id);
        id[6] = (byte)(0x70 | (id[6] & 0x0F));
        id[8] = (byte)(0x80 | (id[8] & 0x3F));
        return new Guid(id[..16], bigEndian: true);
    }
}
