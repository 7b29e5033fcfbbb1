using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>
/// SMS through Twilio's Messaging API contract: a form POST to <c>/2010-04-01/Accounts/{sid}/Messages.json</c>
/// with basic auth. The provider takes no idempotency key, so the adapter keeps its own per delivery: a message id
/// once known is never posted again, and after an uncertain failure (timeout, 5xx, an attempt that died before
/// its answer was recorded) the next attempt first looks
/// the message up in the provider's list (same number, same body) and adopts it instead of sending a second one.
/// </summary>
internal sealed class SmsChannel(
    IHttpClientFactory clients,
    SmsSendStore sends,
    IOptions<SmsOptions> smsOptions,
    IOptions<ExchangeOptions> exchangeOptions,
    TimeProvider time,
    ILogger<SmsChannel> logger) : IChannel
{
    public const string ClientName = "fairdrop-exchange-sms";

    public Channel Kind => Channel.Sms;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var options = smsOptions.Value;
        if (!options.IsConfigured)
        {
            return SendOutcome.Permanent("SMS is not configured (Fairdrop:Exchange:Sms AccountSid, AuthToken and From or MessagingServiceSid).");
        }

        var to = message.Recipient.Contacts.Phone is { } phone ? ContactValidation.ToE164(phone) : null;
        if (to is null)
        {
            return SendOutcome.Permanent("The recipient has no valid E.164 phone number.");
        }

        var body = message.Content.Text;
        if (string.IsNullOrEmpty(body))
        {
            return SendOutcome.Permanent("The message has no SMS text.");
        }

        await sends.SetSegmentsAsync(message.DeliveryId, SmsSegments.Count(body), cancellationToken);
        var previous = await sends.GetAsync(message.DeliveryId, cancellationToken);
        if (previous?.Sid is { } known)
        {
            return SendOutcome.Sent(known);
        }

        var client = clients.CreateClient(ClientName);
        // Pending without an answer means an attempt died mid-request (a crash, a lost lease): as uncertain as a timeout.
        if (previous is { State: SmsSend.Uncertain or SmsSend.Pending })
        {
            var found = await LookUpAsync(client, options, to, body, cancellationToken);
            if (found.Error is { } lookupError)
            {
                return SendOutcome.Transient(lookupError);
            }

            if (found.Sid is { } sid)
            {
                Log.SmsAdopted(logger, message.DeliveryId, sid);
                await sends.MarkAsync(message.DeliveryId, SmsSend.Sent, sid, cancellationToken);
                return SendOutcome.Sent(sid);
            }
        }
        else if (previous is null)
        {
            await sends.BeginAsync(new SmsSend(message.DeliveryId, message.MerchantId, to, Hash(body), time.GetUtcNow(), SmsSend.Pending, null), cancellationToken);
        }

        return await PostAsync(client, options, message.DeliveryId, to, body, cancellationToken);
    }

    private async Task<SendOutcome> PostAsync(HttpClient client, SmsOptions options, Guid deliveryId, string to, string body, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>> { new("To", to), new("Body", body) };
        fields.Add(string.IsNullOrEmpty(options.MessagingServiceSid) ? new("From", options.From!) : new("MessagingServiceSid", options.MessagingServiceSid));
        if (options.StatusCallbacks)
        {
            fields.Add(new("StatusCallback", $"{exchangeOptions.Value.PublicBaseUrl.TrimEnd('/')}/api/v1/exchange/sms/status/{deliveryId:N}"));
        }

        using var request = NewRequest(HttpMethod.Post, options, "Messages.json");
        request.Content = new FormUrlEncodedContent(fields);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var created = await response.Content.ReadFromJsonAsync<TwilioMessage>(cancellationToken);
                var sid = created?.Sid ?? throw new JsonException("The provider answered without a message sid.");
                await sends.MarkAsync(deliveryId, SmsSend.Sent, sid, cancellationToken);
                return SendOutcome.Sent(sid);
            }

            var status = (int)response.StatusCode;
            var error = await ReadErrorAsync(response, cancellationToken);
            var text = $"The SMS provider answered {status}{(error?.Code is { } c ? $" (code {c})" : string.Empty)}: {error?.Message ?? response.ReasonPhrase}";
            return TwilioErrors.Classify(status, error?.Code) switch
            {
                SmsFailure.NotCreated => await RefusedAsync(deliveryId, text, cancellationToken),
                SmsFailure.Uncertain => await UncertainAsync(deliveryId, text, cancellationToken),
                _ => SendOutcome.Permanent(text),
            };
        }
        catch (HttpRequestException exception)
        {
            return await UncertainAsync(deliveryId, $"The SMS provider could not be reached: {exception.Message}", cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await UncertainAsync(deliveryId, "The SMS provider timed out.", cancellationToken);
        }
    }

    private async Task<SendOutcome> RefusedAsync(Guid deliveryId, string error, CancellationToken cancellationToken)
    {
        await sends.MarkAsync(deliveryId, SmsSend.Refused, null, cancellationToken);
        return SendOutcome.Transient(error);
    }

    private async Task<SendOutcome> UncertainAsync(Guid deliveryId, string error, CancellationToken cancellationToken)
    {
        await sends.MarkAsync(deliveryId, SmsSend.Uncertain, null, cancellationToken);
        return SendOutcome.Transient(error);
    }

    /// <summary>Finds a message the provider already holds for this number and body (sent today or yesterday, UTC).</summary>
    private async Task<(string? Sid, string? Error)> LookUpAsync(HttpClient client, SmsOptions options, string to, string body, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var request = NewRequest(HttpMethod.Get, options, $"Messages.json?To={Uri.EscapeDataString(to)}&DateSent%3E={since}&PageSize=100");
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"The SMS provider's message list answered {(int)response.StatusCode}; not resending before it can be checked.");
            }

            var page = await response.Content.ReadFromJsonAsync<TwilioMessagePage>(cancellationToken);
            var match = page?.Messages?.FirstOrDefault(m => string.Equals(m.Body, body, StringComparison.Ordinal) && string.Equals(m.To, to, StringComparison.Ordinal));
            return (match?.Sid, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"The SMS provider's message list could not be read ({exception.GetType().Name}); not resending before it can be checked.");
        }
    }

    private static HttpRequestMessage NewRequest(HttpMethod method, SmsOptions options, string resource)
    {
        var url = $"{options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid!)}/{resource}";
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));
        return request;
    }

    private static async Task<TwilioError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<TwilioError>(cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Hash(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}
