using System.Diagnostics;

namespace Fairdrop.Core.Storage;

/// <summary>Names the code that began a write transaction, from the stack: <c>ChunkLoop.CommitChunkAsync</c>.</summary>
internal static class WriteSite
{
    /// <summary>
    /// The first frame outside the storage layer in Fairdrop's own code. An async method's frames are its state
    /// machine (<c>ChunkLoop+&lt;CommitChunkAsync&gt;d__7</c>), still on the stack because the caller has not awaited yet.
    /// </summary>
    public static string OfCaller()
    {
        foreach (var frame in new StackTrace(1, fNeedFileInfo: false).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            var name = type?.FullName;
            if (name is null || !name.StartsWith("Fairdrop.", StringComparison.Ordinal) || name.StartsWith("Fairdrop.Core.Storage.", StringComparison.Ordinal))
            {
                continue;
            }

            return Readable(type!, frame.GetMethod()!.Name);
        }

        return "unknown";
    }

    private static string Readable(Type type, string method)
    {
        // A state machine is nested in its method's type and named <Method>d__N.
        if (type.DeclaringType is { } owner && type.Name.StartsWith('<') && type.Name.IndexOf('>', StringComparison.Ordinal) is var end and > 1)
        {
            return $"{owner.Name}.{type.Name[1..end]}";
        }

        return $"{type.Name}.{method}";
    }
}
