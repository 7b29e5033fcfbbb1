using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Modules;
using Fairdrop.Exchange.Conversations;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Mailboxes.Conversations;
using Fairdrop.Mailboxes.Imap;
using Fairdrop.Mailboxes.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Mailboxes;

/// <summary>Registers mailboxes: tables, the search index, the stores, the IMAP sync (and its worker, unless turned off), the conversation feed and the services.</summary>
public static class MailboxesServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropMailboxes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailboxOptions>().Bind(configuration.GetSection(MailboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMigrations("mailboxes", typeof(MailboxesServiceCollectionExtensions).Assembly);
        services.TryAddSingleton<SearchIndex>();
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<MessageStore>();
        services.TryAddSingleton<MessageFactory>();
        services.TryAddSingleton<ImapSync>();
        services.TryAddSingleton<SyncLeases>();
        services.TryAddSingleton<SyncRunner>();
        services.TryAddSingleton<MailboxSyncWorker>();
        // The exchange hands every inbound message and every sent conversational message to the conversations account.
        services.TryAddSingleton<ConversationFeed>();
        services.AddSingleton<IInboundMessageHandler>(sp => sp.GetRequiredService<ConversationFeed>());
        services.AddSingleton<IConversationRecorder>(sp => sp.GetRequiredService<ConversationFeed>());
        services.TryAddSingleton<IMailboxSender, ExchangeMailboxSender>(); // the host's or a test's sender wins when added first
        services.TryAddSingleton<MailboxAudit>();
        services.TryAddModuleService<MailboxService>();
        services.TryAddModuleService<MailboxAdminService>();
        services.AddOptionalHostedService<MailboxSyncWorker>(sp => sp.GetRequiredService<IOptions<MailboxOptions>>().Value.RunWorkers);
        return services;
    }
}
