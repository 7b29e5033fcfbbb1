using System.Text.Json.Serialization;
using Fairdrop.Mailboxes.Model;

namespace Fairdrop.Mailboxes.Storage;

/// <summary>Attachment metadata as stored in a message row.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<AttachmentInfo>))]
internal sealed partial class MailboxJson : JsonSerializerContext;
