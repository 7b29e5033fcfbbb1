using Fairdrop.Core.Modules;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Inbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Engagement;

/// <summary>Registers the SMS channel, engagement tracking and inbound routing (called from <c>AddFairdropExchange</c>).</summary>
public static class EngagementServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropEngagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>()
            .Bind(configuration.GetSection(SmsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.From) || o.From.StartsWith('+'), "Fairdrop:Exchange:Sms:From must be an E.164 number (+…).")
            .ValidateOnStart();
        services.AddHttpClient(SmsChannel.ClientName, (sp, c) => c.Timeout = sp.GetRequiredService<IOptions<SmsOptions>>().Value.Timeout);
        services.TryAddSingleton<SmsSendStore>();
        services.TryAddSingleton<SmsStatusCallbacks>();
        services.AddSingleton<IChannel, SmsChannel>();
        services.TryAddSingleton<EngagementStore>();
        services.TryAddSingleton<EngagementRecorder>();
        // Validated at start like every options class: a value that is not true or false stops the start, not the first email.
        services.AddOptions<TrackingOptions>().Bind(configuration.GetSection(TrackingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TrackingTokens>();
        services.TryAddSingleton<TrackingLinks>();
        services.TryAddModuleService<ClickTracking>();
        services.TryAddSingleton<InboundStore>();
        services.TryAddSingleton<RecipientPhones>();
        services.TryAddSingleton<InboundRouter>();
        return services;
    }
}
