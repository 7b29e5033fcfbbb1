using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// Up to <see cref="SmtpOptions.Connections"/> SMTP connections, kept open and reused across messages; each sends one
/// message at a time, a send takes the first idle one, and a connection the server has closed is opened again.
/// One connection spent most of a send waiting for the server's replies (about 140 messages/s to a local server).
/// </summary>
internal sealed class SmtpConnection(IOptions<ExchangeOptions> options) : IAsyncDisposable
{
    private readonly Slot[] _slots = [.. Enumerable.Range(0, options.Value.Smtp.Connections).Select(_ => new Slot())];
    private int _next;
    private int _connects;

    /// <summary>Connections opened so far.</summary>
    public int Connects => Volatile.Read(ref _connects);

    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var slot = await TakeAsync(cancellationToken);
        try
        {
            var client = await ConnectAsync(slot, cancellationToken);
            return await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            // A broken connection is thrown away; the next message opens a new one.
            await DropAsync(slot);
            throw;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            await DropAsync(slot);
            slot.Gate.Dispose();
        }
    }

    // The first idle connection, so sends one after another reuse one; when all are busy, the next in turn.
    private async Task<Slot> TakeAsync(CancellationToken cancellationToken)
    {
        foreach (var idle in _slots)
        {
            if (idle.Gate.Wait(0, CancellationToken.None))
            {
                return idle;
            }
        }

        var slot = _slots[(int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length)];
        await slot.Gate.WaitAsync(cancellationToken);
        return slot;
    }

    private async Task<SmtpClient> ConnectAsync(Slot slot, CancellationToken cancellationToken)
    {
        if (slot.Client is { IsConnected: true })
        {
            return slot.Client;
        }

        await DropAsync(slot);
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

        Interlocked.Increment(ref _connects);
        slot.Client = client;
        return client;
    }

    private static async Task DropAsync(Slot slot)
    {
        if (slot.Client is not { } client)
        {
            return;
        }

        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is IOException or MailKit.ProtocolException or SmtpCommandException)
        {
            // Already broken; nothing to close cleanly.
        }

        client.Dispose();
        slot.Client = null;
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SmtpClient? Client { get; set; }
    }
}
