using System.CommandLine;
using Fairdrop.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli;

/// <summary><c>fairdrop merchants create|list</c>: the operator's work from the machine itself, without an operator key.</summary>
internal static class MerchantsCommand
{
    public static Command Create()
    {
        var command = new Command("merchants", "Create and list merchants directly in the database (no operator key needed on the server's machine).");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateCreate()
    {
        var storage = new StorageArguments();
        var name = new Argument<string>("name") { Description = "The merchant's name." };
        var command = new Command("create", "Create a merchant and print its first API key (shown once).");
        command.Arguments.Add(name);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var value = parseResult.GetValue(name)?.Trim();
            if (string.IsNullOrEmpty(value) || value.Length > 200)
            {
                await Console.Error.WriteLineAsync("fairdrop: a merchant name has 1 to 200 characters.");
                return 2;
            }

            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var (merchant, key) = await services.GetRequiredService<MerchantStore>().CreateAsync(value, cancellationToken);
            Console.WriteLine($"merchant {merchant.Id} '{merchant.Name}'");
            Console.WriteLine($"api key  {key.Secret}");
            Console.WriteLine("Keep the key now: it is stored only as a hash and cannot be shown again.");
            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var storage = new StorageArguments();
        var command = new Command("list", "List merchants.");
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var store = services.GetRequiredService<MerchantStore>();
            Guid? after = null;
            while (true)
            {
                var page = await store.ListAsync(after, 500, cancellationToken);
                foreach (var merchant in page)
                {
                    Console.WriteLine($"{merchant.Id}  {merchant.CreatedAt:u}  {merchant.Name}");
                }

                if (page.Count < 500)
                {
                    return 0;
                }

                after = page[^1].Id;
            }
        });
        return command;
    }
}
