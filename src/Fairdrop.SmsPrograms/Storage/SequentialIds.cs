using System.Buffers.Binary;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>
/// UUIDv7 ids that strictly increase within this process: two version-7 ids of one millisecond order at random, and
/// the consent record is read in id order, so a step must never sort before the one that caused it. An id that would
/// not be greater than the last is the last plus one (both databases order uuids by their big-endian bytes).
/// </summary>
internal sealed class SequentialIds(TimeProvider time)
{
    private readonly Lock _gate = new();
    private UInt128 _last;

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(time.GetUtcNow()).TryWriteBytes(bytes, bigEndian: true, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        lock (_gate)
        {
            _last = value > _last ? value : _last + 1;
            value = _last;
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true);
    }
}
