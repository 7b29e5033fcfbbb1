using System.CommandLine;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Language;

namespace Fairdrop.Cli.Gate;

/// <summary><c>fairdrop rules check FILE</c>: compile a gate rule file and print its diagnostics; exit 1 on errors. <c>rules test</c> replays traffic.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Work with traffic gate rule files.");
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(RulesTestCommand.Create());
        command.Subcommands.Add(RulesRecommendCommand.Create());
        command.Subcommands.Add(RulesSimulateCommand.Create());
        return command;
    }

    private static Command CreateCheck()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The rule file to check." };
        var command = new Command("check", "Parse and type-check a rule file; print diagnostics with line, column and a caret. Exit code 1 on errors.");
        command.Arguments.Add(file);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"fairdrop: {path.FullName} does not exist.");
                return 2;
            }

            var text = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            var actions = GateOptions.DefaultRoutes.Select(r => r.Action).Append("other").Distinct().ToList();
            var compilation = RuleCompiler.Compile(text, CompileContext.Default with { KnownActions = actions });
            foreach (var diagnostic in compilation.Diagnostics)
            {
                await Console.Error.WriteLineAsync(diagnostic.Format(path.Name));
            }

            if (compilation.RuleSet is { } set)
            {
                Console.WriteLine($"{path.Name}: {set.Rules.Count} rules ok ({set.Rules.Count(r => r.Shadow)} shadow, {set.Queries.Count} activity queries), version {set.Version}");
                return 0;
            }

            Console.WriteLine($"{path.Name}: {compilation.Errors.Count()} errors");
            return 1;
        });
        return command;
    }
}
