using System.CommandLine;
using System.CommandLine.Parsing;
using Fairdrop.Core;
using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Hosting;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Cli.Gate;

/// <summary><c>fairdrop proxy --upstream URL</c>: the traffic gate as a reverse proxy (YARP) in front of any storefront.</summary>
internal static class ProxyCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var upstream = new Option<Uri>("--upstream")
        {
            Description = "The storefront to forward allowed requests to, such as http://127.0.0.1:8080.",
            Required = true,
            HelpName = "URL",
            CustomParser = ParseUpstream, // System.CommandLine has no built-in parser for Uri.
        };
        var rules = new Option<FileInfo?>("--rules") { Description = "Rule file, hot-reloaded when it changes. Also Fairdrop:Gate:RulesPath.", HelpName = "FILE" };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:5090).", HelpName = "URLS" };
        var command = new Command("proxy", "Run the traffic gate as a reverse proxy: judge every request by the rules, forward the ones let through.")
        {
            upstream,
            rules,
            urls,
        };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            settings["urls"] = parseResult.GetValue(urls) ?? "http://127.0.0.1:5090";
            if (parseResult.GetValue(rules) is { } file)
            {
                if (!file.Exists)
                {
                    throw new StartupException($"the rule file {file.FullName} does not exist", 2);
                }

                settings["Fairdrop:Gate:RulesPath"] = file.FullName;
            }

            var app = Build(parseResult.GetValue(upstream)!, settings);
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
            }

            return 0;
        });
        return command;
    }

    internal static Uri? ParseUpstream(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--upstream must be an absolute http:// or https:// URL, not '{text}'.");
        return null;
    }

    internal static WebApplication Build(Uri upstream, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddFairdropSources(settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddHostedService<MigrationHostedService>();
        builder.Services.AddFairdropCore(builder.Configuration);

        // A proxy in front of a drop should not stall its first shoppers on page faults; configuration still decides.
        builder.Services.Configure<ActivityOptions>(o => o.CommitTablesAtStart = true);
        builder.Services.AddFairdropGate(builder.Configuration);
        builder.Services.AddFairdropGateProxy();
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.UseFairdropGate();
        app.MapFairdropGateProxy(upstream);
        return app;
    }
}
