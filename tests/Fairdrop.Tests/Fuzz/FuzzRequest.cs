using System.Text;

namespace Fairdrop.Tests.Fuzz;

/// <summary>One request the fuzz sends: what it is (operation, credential, mutation) and its exact bytes, for the report.</summary>
internal sealed record FuzzRequest(FuzzOperation Operation, string Credential, string Mutation, string Url, byte[]? Body, string? ContentType)
{
    /// <summary>The request text in which another tenant's strings may appear without being a leak (they were sent).</summary>
    public string Echoable => Uri.UnescapeDataString(Url) + (Body is null ? string.Empty : Encoding.UTF8.GetString(Body));

    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Shorten(Encoding.UTF8.GetString(Body), 600);
        return $"{Operation.Key} as {Credential}, mutation {Mutation}\n    {Operation.Method} {Shorten(Url, 300)}\n    Content-Type: {ContentType ?? "(none)"}\n    {body}";
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : $"{text[..max]}… ({text.Length} chars)";
}
