using System.CommandLine;
using Fairdrop.Core.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli;

/// <summary><c>fairdrop migrate</c>: applies pending migrations and exits; <c>serve</c> also does this at start.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var storage = new StorageArguments();
        var command = new Command("migrate", "Apply every pending database migration, then exit. 'serve' does this at start too.");
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = CommandServices.Create(storage.ToSettings(parseResult));
            var database = ServeCommand.DescribeDatabase(services);
            MigrationResult result;
            try
            {
                result = await services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
            }
            catch (Exception exception) when (StartupErrors.Explain(exception, database) is { } explained)
            {
                throw explained;
            }

            Console.WriteLine($"{database}: applied {result.Applied.Count} migration(s), {result.AlreadyApplied} already in place.");
            foreach (var migration in result.Applied)
            {
                Console.WriteLine($"  {migration.Module}/{migration.Name}");
            }

            return 0;
        });
        return command;
    }
}
