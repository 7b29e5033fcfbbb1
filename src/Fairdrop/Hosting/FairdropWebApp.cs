using Fairdrop.Api.Merchants;
using Fairdrop.Api.SmsPrograms;
using Fairdrop.Auth;
using Fairdrop.Core;
using Fairdrop.Core.Telemetry;
using Fairdrop.Hosting.Json;
using Fairdrop.MerchantConsole;
using Fairdrop.MerchantConsole.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace Fairdrop.Hosting;

/// <summary>Builds the web application: services, pipeline and endpoints.</summary>
internal static class FairdropWebApp
{
    private const string CallerScheme = "Caller";

    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?> settings)
    {
        // Defaults (appsettings.json) ship beside the executable; a test host passes its own content root.
        var ownContentRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ownContentRoot ? null : AppContext.BaseDirectory,
        });
        builder.Configuration.AddFairdropSources(settings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(FairdropConfiguration.DefaultUrls);
        }

        ConfigureLogging(builder.Logging);
        ConfigureServices(builder.Services, builder.Configuration);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>()?.MaxRequestBodyBytes ?? new HttpOptions().MaxRequestBodyBytes;
        });

        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Console.IsOutputRedirected)
        {
            // Structured JSON, one object per line, when a process manager or a file collects the output.
            logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    }

    private static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // First hosted service: the schema is current before any worker starts.
        services.AddHostedService<MigrationHostedService>();
        services.AddFairdropCore(configuration);
        services.AddFairdropModules(configuration);

        services.AddSingleton<StreamLimiter>();
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));

        // A bearer key when the request has one; otherwise the console's cookie, if it carries one or asks for a page.
        services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "API key or staff session", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddConsoleCookie();
        services.AddSingleton<IAuthorizationHandler, StaffPermissionHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Operator, p => p.RequireRole(FairdropClaims.OperatorRole))
            .AddPolicy(Policies.Merchant, p => p.RequireClaim(FairdropClaims.MerchantId).AddRequirements(new StaffPermissionRequirement()))
            .AddConsolePolicies();
        services.AddFairdropConsole();
        EmailDefaults.Apply(services, configuration);

        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(FairdropTelemetry.Prefix + ".*")
            .AddPrometheusExporter());
    }

    private static string SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName
        : context.Request.Path.StartsWithSegments("/console", StringComparison.OrdinalIgnoreCase) || context.Request.Cookies.ContainsKey(ConsoleAuthentication.CookieName)
            ? ConsoleAuthentication.Scheme
            : ApiKeyAuthenticationHandler.SchemeName;

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<ContentCharsetMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<StaffApiAntiforgery>();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).ExcludeFromDescription();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Fairdrop API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapGet("/", () => TypedResults.Redirect("/console")).ExcludeFromDescription();
        app.MapFairdropConsole();
        app.MapSmsSignupPage();

        var api = app.MapGroup("/api/v1");
        api.MapOperatorEndpoints();
        api.MapMerchantSelfEndpoints();
        api.MapShopperSecretEndpoints();
        api.MapFairdropModules();
    }
}
