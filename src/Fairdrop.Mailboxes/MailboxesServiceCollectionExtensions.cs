using Fairdrop.Core;
using Fairdrop.Core.Modules;
using Fairdrop.Mailboxes.Imap;
using Fairdrop.Mailboxes.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.Mailboxes;

/// <summary>Registers mailboxes: tables, the search index, the stores, the IMAP sync and the service.</summary>
public static class MailboxesServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropMailboxes(this IServiceCollection services)
    {
        services.AddMigrations("mailboxes", typeof(MailboxesServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<SearchIndex>();
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<MessageStore>();
        services.TryAddSingleton<MessageFactory>();
        services.TryAddSingleton<ImapSync>();
        services.TryAddSingleton<IMailboxSender, ExchangeMailboxSender>(); // the host's or a test's sender wins when added first
        services.TryAddSingleton<MailboxAudit>();
        services.TryAddModuleService<MailboxService>();
        services.TryAddModuleService<MailboxAdminService>();
        return services;
    }
}
