using Fairdrop.Core;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Modules;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Shoppers;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Telemetry;
using Fairdrop.Exchange.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange;

/// <summary>Registers the exchange: stores, matcher, dispatcher, channels and, unless turned off, its workers.</summary>
public static class ExchangeServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropExchange(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExchangeOptions>()
            .Bind(configuration.GetSection(ExchangeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.RateLimits.Keys.All(k => ChannelNames.TryParse(k, out _)), "Exchange RateLimits keys must be channel names (email, sms, web_push, in_app, webhook).")
            .Validate(o => o.RateLimits.Values.All(v => v > 0), "Exchange RateLimits must be positive messages per second.")
            .ValidateOnStart();
        services.AddMigrations("exchange", typeof(ExchangeServiceCollectionExtensions).Assembly);
        services.AddMetrics();
        services.AddHttpClient(WebhookChannel.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10)).AddOutboundGuard();
        services.TryAddSingleton<ExchangeMetrics>();
        services.TryAddSingleton<SenderStore>();
        services.TryAddSingleton<RecipientStore>();
        services.TryAddSingleton<DistributionStore>();
        services.TryAddSingleton<DeliveryStore>();
        services.TryAddSingleton<DeliveryOutcomeStore>();
        services.TryAddSingleton<DistributionTallies>();
        services.TryAddSingleton<ExchangeIntake>();
        services.TryAddSingleton<DispatchHandoff>();
        services.TryAddSingleton<SendLedger>();
        services.TryAddSingleton<SendJournal>();
        services.TryAddSingleton<InboxStore>();
        services.TryAddSingleton<InboxNotifier>();
        services.TryAddSingleton<TemplateRenderer>();
        services.TryAddSingleton<UnsubscribeTokens>();
        services.TryAddSingleton<MessageRenderer>();
        services.TryAddSingleton<ChannelRateLimiter>();
        services.TryAddSingleton<SmtpConnection>();
        services.AddSingleton<IChannel, EmailChannel>();
        services.AddSingleton<IChannel, InAppChannel>();
        services.AddSingleton<IChannel, WebhookChannel>();
        services.AddWebPushChannel(configuration);
        services.AddFairdropEngagement(configuration);
        services.TryAddModuleService<SenderService>();
        services.TryAddModuleService<RecipientService>();
        services.TryAddModuleService<DistributionService>();
        services.TryAddModuleService<DeliveryService>();
        services.TryAddModuleService<InboxService>();
        services.TryAddModuleService<InboundService>();
        services.TryAddModuleService<EngagementService>();
        services.TryAddModuleService<WebPushService>();
        services.TryAddModuleService<ExchangeDispatch>();
        services.TryAddModuleService<SmsWebhookSignatures>();
        services.TryAddSingleton<TransactionalEmail>();
        services.TryAddSingleton<Sdk.SdkStore>();
        services.TryAddSingleton(sp => new Sdk.SdkService(
            sp.GetRequiredService<Sdk.SdkStore>(), sp.GetRequiredService<InboxService>(), sp.GetRequiredService<InboundRouter>(), sp.GetRequiredService<ShopperTokenVerifier>(),
            sp.GetRequiredService<IdGenerator>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<InboundQueue>();
        services.TryAddSingleton<InboundBatches>();
        services.TryAddSingleton<InboundWorker>();
        services.TryAddSingleton<Series.SeriesStore>();
        services.TryAddSingleton<Series.ConversationStore>();
        services.TryAddSingleton<Series.SeriesActionRunner>();
        services.TryAddSingleton<Series.SeriesOutbox>();
        services.TryAddSingleton<Series.ConversationEngine>();
        services.TryAddSingleton<Series.SeriesWebhooks>();
        services.TryAddSingleton<Series.SeriesWorker>();
        services.TryAddModuleService<Series.SeriesService>();
        services.TryAddModuleService<Sdk.SdkWebPush>();
        services.TryAddSingleton<DistributionMatchRunner>();
        services.TryAddSingleton<Conversations.ConversationCopies>();
        services.TryAddModuleService<Conversations.ConversationReplies>();
        services.TryAddSingleton<DeliveryDispatcher>();
        services.TryAddSingleton<MatchingWorker>();
        services.TryAddSingleton<DispatchWorker>();
        // Whether they run is ExchangeOptions.RunWorkers, read from the bound, validated options when the host starts.
        // AddSingleton, not AddHostedService: that one adds a factory once per returned type, so a second switch would be dropped.
        services.AddOptionalHostedService<MatchingWorker>(sp => sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.RunWorkers);
        services.AddOptionalHostedService<DispatchWorker>(sp => sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.RunWorkers);
        services.AddOptionalHostedService<Series.SeriesWorker>(sp => sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.RunWorkers);
        services.AddOptionalHostedService<InboundWorker>(sp => sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.RunWorkers);

        return services;
    }
}
