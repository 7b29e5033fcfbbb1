using System.Text;
using Fairdrop.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fairdrop.Hosting;

/// <summary>
/// Refuses a body whose Content-Type names a charset this server cannot decode, with 415, before any endpoint reads it:
/// ASP.NET Core's JSON reader throws on an unknown charset, which would otherwise surface as a 500.
/// </summary>
internal sealed class ContentCharsetMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var charset = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? type.Charset : default;
        if (charset.HasValue && !IsKnown(charset.Value!))
        {
            return Problems.Write(context, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "The Content-Type names a charset this server does not know; send UTF-8.");
        }

        return next(context);
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            // The same lookup the JSON reader makes (quotes allowed around the name).
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
