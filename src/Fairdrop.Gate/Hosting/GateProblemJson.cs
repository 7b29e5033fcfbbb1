using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Writes the gate's RFC 9457 problem answers itself: the same fields ASP.NET Core's problem details service wrote
/// for them (type for 403 and 503, title, status, detail, code, rule, traceId), without its per-answer result object, dictionary and
/// reflection-driven serializer. Under a bot flood blocked answers are most of the gate's traffic, and through the
/// service each cost about as much CPU as judging a request.
/// </summary>
internal static class GateProblemJson
{
    public const string ContentType = "application/problem+json";

    // The service's serializer does not escape apostrophes and the like either; the body is JSON, never inlined in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? rule)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer, Options);
        json.Reset(buffer);
        json.WriteStartObject();
        if (TypeFor(status) is { } type)
        {
            json.WriteString("type", type);
        }

        json.WriteString("title", title);
        json.WriteNumber("status", status);
        json.WriteString("detail", detail);
        json.WriteString("code", code);
        if (rule is not null)
        {
            json.WriteString("rule", rule);
        }

        json.WriteString("traceId", System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
        json.WriteEndObject();
        json.Flush();

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;

        // Write copies into the response's pipe at once, so the thread's buffer is free again before any await.
        response.BodyWriter.Write(buffer.WrittenSpan);
        var flushed = response.BodyWriter.FlushAsync(context.RequestAborted);
        return flushed.IsCompletedSuccessfully ? Task.CompletedTask : flushed.AsTask();
    }

    /// <summary>The <c>type</c> ASP.NET Core's problem details defaults give these statuses (it has none for 429).</summary>
    private static string? TypeFor(int status) => status switch
    {
        StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        StatusCodes.Status503ServiceUnavailable => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => null,
    };
}
