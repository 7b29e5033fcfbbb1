using System.Net;
using System.Text.RegularExpressions;

namespace Fairdrop.Tests.Console;

/// <summary>A browser-less console session over the in-memory app: cookies kept, forms posted with the token and handler the page rendered.</summary>
internal sealed partial class ConsoleSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    /// <summary>Posts the page's form <paramref name="formName"/> with its antiforgery token and the given fields.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string formName, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        var page = await Client.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName };
        if (withToken)
        {
            form["__RequestVerificationToken"] = TokenOf(page);
        }

        return await Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery token a signed-in page carries (the sign-out form has one), for API calls that change state.</summary>
    public async Task<string> TokenAsync() => TokenOf(await Client.GetStringAsync("/console"));

    public async Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        await SubmitAsync("/console/sign-in", "sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<string> TextOfProblemAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(ProblemParagraph().Match(html).Groups[1].Value);
    }

    private static string TokenOf(string page) => TokenInput().Match(page) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("<p class=\"problem\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ProblemParagraph();
}
