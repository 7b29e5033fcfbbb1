using Fairdrop.MerchantConsole.Auth;
using Fairdrop.MerchantConsole.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fairdrop.MerchantConsole;

/// <summary>The console's services and endpoints; the executable adds the cookie scheme and the page policies to its own auth.</summary>
public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddFairdropConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "fairdrop.antiforgery";
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            o.HeaderName = ConsoleAssets.AntiforgeryHeader;
        });
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<ConsoleQueries>();
        services.TryAddSingleton<StaffMail>();
        services.TryAddSingleton<PickupMail>();
        return services;
    }

    /// <summary>Pages under /console, their assets, the live figures and sign-out.</summary>
    public static IEndpointRouteBuilder MapFairdropConsole(this IEndpointRouteBuilder app)
    {
        ConsoleEndpoints.Map(app);
        app.MapRazorComponents<App>();
        return app;
    }
}
