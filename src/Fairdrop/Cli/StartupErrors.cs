using System.Data.Common;
using System.Net.Sockets;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace Fairdrop.Cli;

/// <summary>Turns what goes wrong at start into a message that names the cause and the fix.</summary>
internal static class StartupErrors
{
    public static StartupException? Explain(Exception exception, string database)
    {
        var root = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : exception;
        return root switch
        {
            InvalidConnectionStringException invalid => new StartupException($"invalid configuration: {invalid.Message}", 2, root),
            MigrationException migration => new StartupException($"the database schema cannot be migrated: {migration.Message}", 3, root),
            DbException db => new StartupException($"cannot use the database ({database}): {FirstLine(db.Message)}", 2, root),
            SocketException socket => new StartupException($"cannot reach the database ({database}): {socket.Message}", 2, root),
            UnauthorizedAccessException access => new StartupException($"cannot open the data folder: {access.Message}", 2, root),
            OptionsValidationException options => new StartupException($"invalid configuration: {string.Join("; ", options.Failures)}", 2, root),
            // The configuration binder's words for a value of the wrong type ("Failed to convert configuration value at 'Fairdrop:…' to type …").
            InvalidOperationException { InnerException: { } cause } binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
                new StartupException($"invalid configuration: {binding.Message} {cause.Message}", 2, root),
            IOException io when io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
                new StartupException($"cannot listen: {io.Message} Pick another port with --urls.", 2, root),
            IOException io => new StartupException($"cannot use {database}: {io.Message}", 2, root),
            _ => null,
        };
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
