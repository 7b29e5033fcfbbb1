using System.Text.Json.Serialization;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>The fields of Twilio's Message resource the adapter reads (201 answer to a send, items of a list).</summary>
internal sealed record TwilioMessage(
    [property: JsonPropertyName("sid")] string? Sid,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("error_code")] int? ErrorCode,
    [property: JsonPropertyName("num_segments")] string? NumSegments);

/// <summary>A page of Twilio's Message list.</summary>
internal sealed record TwilioMessagePage([property: JsonPropertyName("messages")] IReadOnlyList<TwilioMessage>? Messages);

/// <summary>Twilio's error body: <c>{"code":21211,"message":"...","more_info":"...","status":400}</c>.</summary>
internal sealed record TwilioError(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("more_info")] string? MoreInfo,
    [property: JsonPropertyName("status")] int? Status);
