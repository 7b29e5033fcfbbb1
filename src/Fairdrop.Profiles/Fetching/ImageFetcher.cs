using System.Net;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
using Microsoft.Extensions.Options;

namespace Fairdrop.Profiles.Fetching;

/// <summary>
/// Fetches a product image through Core's <see cref="OutboundGuard"/> (ADR 0013): its handler resolves the name itself,
/// refuses non-public addresses unless the operator allow-listed them (<c>Fairdrop:Outbound</c>, off by default) and
/// connects to the addresses it checked, so DNS rebinding cannot slip through. The guard never follows redirects; an
/// image host may, so this follows at most <see cref="MaxRedirects"/> by hand, checking every hop again.
/// </summary>
internal sealed class ImageFetcher(IHttpClientFactory clients, OutboundGuard guard, IOptions<ProfilesOptions> options)
{
    public const string ClientName = "fairdrop.profiles.images";
    public const int MaxRedirects = 3;

    /// <summary>A product image to decode: the body, then its magic bytes and header dimensions checked.</summary>
    public async Task<Result<FetchedImage>> FetchAsync(string? url, CancellationToken cancellationToken) =>
        (await FetchBytesAsync(url, cancellationToken)).TryGetValue(out var bytes, out var error) ? ImageInspector.Inspect(bytes, options.Value.MaxImagePixels) : error;

    /// <summary>
    /// The body only, within the same guard and limits: for a shop's current avatar, which is stored and sent back as
    /// it is, never decoded (it may be a GIF, which Mastodon allows and Fairdrop does not render).
    /// </summary>
    public async Task<Result<byte[]>> FetchBytesAsync(string? url, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.FetchTimeout);
        try
        {
            return await DownloadAsync(url, limits.MaxImageBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"no complete answer within {limits.FetchTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException exception)
        {
            return OutboundFailure.IsRefused(exception)
                ? new Error(ErrorCodes.ForbiddenDestination, $"The image URL is refused: {OutboundFailure.Describe(exception)}.", "imageUrl")
                : Failed(OutboundFailure.Describe(exception));
        }
    }

    private async Task<Result<byte[]>> DownloadAsync(string? url, long maxBytes, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        for (var hop = 0; ; hop++)
        {
            // Every hop is judged as the first: scheme, user info, literal addresses and local names.
            if (guard.CheckUrl(url, "imageUrl") is { } refused)
            {
                return hop == 0 ? refused : refused with { Message = $"A redirect is refused: {refused.Message}" };
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("image/jpeg, image/png, image/webp");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode))
            {
                if (hop == MaxRedirects || response.Headers.Location is not { } location)
                {
                    return Failed(hop == MaxRedirects ? $"more than {MaxRedirects} redirects" : "a redirect without a Location");
                }

                url = new Uri(request.RequestUri!, location).AbsoluteUri;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                return Failed($"the image host answered {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            return await ReadLimitedAsync(response.Content, maxBytes, cancellationToken) is { } bytes ? bytes : TooLarge(maxBytes);
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null; // a server that lied about (or did not send) its length
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static Error Failed(string reason) => ProfileErrors.Unprocessable(ProfileErrors.ImageFetchFailed, $"The image could not be fetched: {reason}.", "imageUrl");

    private static Error TooLarge(long maxBytes) =>
        ProfileErrors.Unprocessable(ProfileErrors.ImageTooLarge, $"The image is refused: larger than {maxBytes:N0} bytes.", "imageUrl");
}
