using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fairdrop.Exchange.Channels;

/// <summary>One SMTP connection, kept open and reused across messages; reconnects when the server has closed it.</summary>
internal sealed class SmtpConnection(IOptions<ExchangeOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;

    public int Connects { get; private set; }

    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectAsync(cancellationToken);
            return await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            // A broken connection is thrown away; the next message opens a new one.
            await DropAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _gate.Dispose();
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        await DropAsync();
        var smtp = options.Value.Smtp;
        var client = new SmtpClient();
        var security = smtp.Security switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, cancellationToken);
        }

        Connects++;
        _client = client;
        return client;
    }

    private async Task DropAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(true, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is IOException or MailKit.ProtocolException or SmtpCommandException)
        {
            // Already broken; nothing to close cleanly.
        }

        _client.Dispose();
        _client = null;
    }
}
