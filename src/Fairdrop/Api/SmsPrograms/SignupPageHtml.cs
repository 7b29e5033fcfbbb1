using System.Text;
using System.Text.Encodings.Web;
using Fairdrop.SmsPrograms.Storefront;

namespace Fairdrop.Api.SmsPrograms;

/// <summary>
/// The hosted sign-up page's HTML: one form that works without script, every input labelled, the consent wording the
/// label of its checkbox (so it is read out with it), an error announced and tied to its field. Everything the
/// merchant or the visitor wrote is HTML-encoded.
/// </summary>
internal static class SignupPageHtml
{
    /// <summary>No script, styles inline only, posts to itself, never framed (a framed consent box can be clicked by trickery).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string Style =
        "body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#111;background:#fff}main{max-width:32rem;margin:auto}" +
        "label,input,button{display:block;font:inherit}input[type=tel],input[type=text]{width:100%;padding:.5rem;margin:.25rem 0 1rem;border:1px solid #555;border-radius:4px}" +
        ".consent{display:flex;gap:.5rem;align-items:flex-start;margin-bottom:1rem}.consent input{margin-top:.3rem}" +
        "button{padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff}.error{color:#b91c1c;font-weight:600}:focus{outline:3px solid #f59e0b}";

    public static string Form(SignupForm form, string tokenField, string token, string? phone, string? referralCode, string? error, string? errorField)
    {
        var e = HtmlEncoder.Default;
        var html = Open($"Join {form.ProgramName} text alerts");
        html.Append("<h1>").Append(e.Encode(form.ProgramName)).Append(": text alerts</h1>");
        html.Append("<p>").Append(e.Encode(form.Frequency)).Append(". We text you once to confirm; nothing else is sent until you reply Y.</p>");
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\" id=\"error\">").Append(e.Encode(error)).Append("</p>");
        }

        // No action: the form posts back to the address it was served at, whatever prefix a proxy puts in front.
        html.Append("<form method=\"post\">");
        html.Append("<input type=\"hidden\" name=\"").Append(e.Encode(tokenField)).Append("\" value=\"").Append(e.Encode(token)).Append("\">");
        html.Append("<label for=\"phone\">Mobile number</label>");
        html.Append("<input id=\"phone\" name=\"phone\" type=\"tel\" autocomplete=\"tel\" required maxlength=\"32\" aria-describedby=\"phone-hint")
            .Append(Invalid(errorField, "phone")).Append(" value=\"").Append(e.Encode(phone ?? string.Empty)).Append("\">");
        html.Append("<p id=\"phone-hint\">With the country code, for example +1 650 253 0000.</p>");
        html.Append("<label for=\"ref\">Referral code (optional)</label>");
        html.Append("<input id=\"ref\" name=\"ref\" type=\"text\" autocomplete=\"off\" maxlength=\"32\" value=\"").Append(e.Encode(referralCode ?? string.Empty)).Append("\">");
        html.Append("<div class=\"consent\"><input id=\"consent\" name=\"consent\" type=\"checkbox\" value=\"yes\" required")
            .Append(errorField == "consent" ? " aria-invalid=\"true\" aria-describedby=\"error\"" : string.Empty).Append('>');
        html.Append("<label for=\"consent\">").Append(e.Encode(form.ConsentText)).Append("</label></div>");
        html.Append("<button type=\"submit\">Sign up</button></form>");
        return Close(html);
    }

    public static string Message(string title, string text)
    {
        var e = HtmlEncoder.Default;
        var html = Open(title);
        html.Append("<h1>").Append(e.Encode(title)).Append("</h1><p role=\"status\">").Append(e.Encode(text)).Append("</p>");
        return Close(html);
    }

    private static string Invalid(string? errorField, string field) =>
        errorField == field ? " error\" aria-invalid=\"true\"" : "\"";

    private static StringBuilder Open(string title) =>
        new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\"><title>").Append(HtmlEncoder.Default.Encode(title)).Append("</title><style>").Append(Style)
            .Append("</style></head><body><main>");

    private static string Close(StringBuilder html) => html.Append("</main></body></html>").ToString();
}
