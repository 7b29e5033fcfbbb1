using Fairdrop.Api.Drops;
using Fairdrop.Api.Exchange;
using Fairdrop.Api.Gate;
using Fairdrop.Api.Mailboxes;
using Fairdrop.Api.Learner;
using Fairdrop.Api.Profiles;
using Fairdrop.Api.Restock;
using Fairdrop.Api.SmsPrograms;
using Fairdrop.Exchange;
using Fairdrop.Drops;
using Fairdrop.Gate.Hosting;
using Fairdrop.Mailboxes;
using Fairdrop.Learner;
using Fairdrop.Profiles;
using Fairdrop.Restock;
using Fairdrop.SmsPrograms;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Hosting;

/// <summary>
/// Where the executable composes the modules: each module adds one line to each method, in
/// dependency order (Batch, Exchange, Restock; Gate), so migrations apply in that order too.
/// </summary>
internal static class FairdropModules
{
    public static IServiceCollection AddFairdropModules(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddFairdropBatch(configuration);
        services.AddFairdropExchange(configuration);
        // The learner plugs into the exchange's matching (IDeliveryChooser) for senders with "delivery": "learned".
        services.AddFairdropLearner(configuration);
        services.AddFairdropRestock(configuration);
        services.AddFairdropGate(configuration);
        services.AddFairdropDrops(configuration);
        // Profiles reads drop and restock state through the host's reader, added first so it wins over the module's default.
        services.AddSingleton<IProfileMoments, ProfileMoments>();
        services.AddFairdropProfiles(configuration);
        services.AddFairdropMailboxes(configuration);
        services.AddFairdropSmsPrograms();
        return services;
    }

    public static RouteGroupBuilder MapFairdropModules(this RouteGroupBuilder api) => api.MapBatchEndpoints().MapExchangeEndpoints().MapRestockEndpoints().MapGateEndpoints().MapDropEndpoints()
        .MapProfileEndpoints().MapLearnerEndpoints().MapSmsProgramEndpoints().MapSmsStorefrontEndpoints().MapMailboxEndpoints();
}
