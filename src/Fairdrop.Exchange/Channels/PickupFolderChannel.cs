using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// Email without an SMTP server: the exchange's own MIME message (headers, parts, List-Unsubscribe) written as
/// one <c>.eml</c> file per delivery, named by the delivery id so a resend overwrites rather than duplicates.
/// </summary>
internal sealed class PickupFolderChannel(EmailChannel email, string folder) : IChannel, IMimeChannel
{
    public string Folder => folder;

    public Channel Kind => Channel.Email;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!MailboxAddress.TryParse(message.Recipient.Contacts.Email, out var to))
        {
            return SendOutcome.Permanent("The recipient has no valid email address.");
        }

        var mime = email.Build(message, to);
        await mime.WriteToAsync(Path.Combine(folder, $"{message.DeliveryId:N}.eml"), cancellationToken);
        return SendOutcome.Sent(mime.MessageId);
    }

    public async ValueTask<SendOutcome> SendMimeAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        // Named by its Message-ID, which is unique per message; a retry of the same message overwrites its file.
        var name = new string([.. (mime.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        await mime.WriteToAsync(Path.Combine(folder, name + ".eml"), cancellationToken);
        return SendOutcome.Sent(mime.MessageId);
    }
}

/// <summary>Email to a folder instead of an SMTP server, for demos and local runs.</summary>
public static class PickupFolderServiceCollectionExtensions
{
    /// <summary>Replaces the SMTP email channel with one that writes each message as a <c>.eml</c> file into <paramref name="folder"/>.</summary>
    public static IServiceCollection AddEmailPickupFolder(this IServiceCollection services, string folder)
    {
        Directory.CreateDirectory(folder);
        services.Remove(services.Single(d => d.ServiceType == typeof(IChannel) && d.ImplementationType == typeof(EmailChannel)));
        services.AddSingleton<EmailChannel>();
        services.AddSingleton<IChannel>(sp => new PickupFolderChannel(sp.GetRequiredService<EmailChannel>(), folder));
        return services;
    }
}
