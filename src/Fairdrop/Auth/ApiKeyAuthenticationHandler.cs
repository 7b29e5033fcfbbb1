using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Tenancy;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Auth;

/// <summary>
/// Bearer API keys: the operator key from configuration, or a merchant key looked up by its hash.
/// The key itself is never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    MerchantStore merchants,
    IOptionsMonitor<OperatorOptions> operatorOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <key>'.");
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (IsOperatorKey(token))
        {
            return Success(new Claim(ClaimTypes.Role, FairdropClaims.OperatorRole), new Claim(ClaimTypes.Name, "operator"));
        }

        var identity = await merchants.AuthenticateAsync(token, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }

        return Success(
            new Claim(ClaimTypes.Role, FairdropClaims.MerchantRole),
            new Claim(ClaimTypes.Name, identity.MerchantName),
            new Claim(FairdropClaims.MerchantId, identity.MerchantId.ToString()),
            new Claim(FairdropClaims.KeyId, identity.KeyId.ToString()));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        // The result is cached per request, so this does not look the key up twice.
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            failure ?? "An API key is required: send 'Authorization: Bearer <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This key may not use this endpoint.");

    private bool IsOperatorKey(string token)
    {
        var configured = operatorOptions.CurrentValue.OperatorKey;
        if (string.IsNullOrEmpty(configured))
        {
            return false;
        }

        // Compare hashes of equal length in constant time, so timing reveals nothing of the key.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(token)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }

    private static AuthenticateResult Success(params Claim[] claims)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
