using System.CommandLine;
using Fairdrop.Core.Staff;
using Fairdrop.Hosting;
using Fairdrop.MerchantConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli;

/// <summary><c>fairdrop staff invite|list</c>: how the first owner of a shop gets into the console, from the server's machine.</summary>
internal static class StaffCommand
{
    public static Command Create()
    {
        var command = new Command("staff", "Invite and list the staff who sign in to the console.");
        command.Subcommands.Add(CreateInvite());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateInvite()
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id (fairdrop merchants list).", Required = true };
        var email = new Option<string>("--email") { Description = "The person's email address; the invitation is sent there.", Required = true };
        var name = new Option<string?>("--name") { Description = "Their display name (default: the email's local part)." };
        var role = new Option<string>("--role") { Description = "owner, admin, operator, support, viewer or a custom role.", DefaultValueFactory = _ => "owner" };
        var command = new Command("invite", "Invite a person to the console and print the one-time link (also emailed, or written to the pickup folder).");
        command.Options.Add(merchant);
        command.Options.Add(email);
        command.Options.Add(name);
        command.Options.Add(role);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = storage.ToSettings(parseResult);
            var configuration = FairdropConfiguration.BuildForCommand(settings);
            await using var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken, s =>
            {
                EmailDefaults.Apply(s, configuration);
                s.AddSingleton<StaffMail>();
            });
            var address = parseResult.GetValue(email)!;
            var displayName = parseResult.GetValue(name) ?? address.Split('@')[0];
            var result = await services.GetRequiredService<StaffMail>().InviteAsync(parseResult.GetValue(merchant), address, displayName, parseResult.GetValue(role), cancellationToken);
            if (!result.TryGetValue(out var sent, out var error))
            {
                await Console.Error.WriteLineAsync($"fairdrop: {(error.Field is null ? string.Empty : error.Field + ": ")}{error.Message}");
                return 2;
            }

            Console.WriteLine($"invited {sent.User.Email} as {sent.User.Role}");
            Console.WriteLine($"link    {sent.Url}");
            Console.WriteLine(sent.Emailed
                ? sent.PickupFolder is { } folder ? $"The invitation email is in {folder} (no SMTP server is configured)." : "The invitation was emailed."
                : $"The email failed ({sent.EmailError}); pass the link on yourself.");
            return 0;
        });
        return command;
    }

    private static Command CreateList()
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var command = new Command("list", "List a merchant's staff with their roles.");
        command.Options.Add(merchant);
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            foreach (var person in await services.GetRequiredService<StaffService>().ListAsync(parseResult.GetValue(merchant), cancellationToken))
            {
                Console.WriteLine($"{person.Id}  {person.Role,-9} {(person.HasPassword ? "active " : "invited")}  {person.Email}  {person.DisplayName}");
            }

            return 0;
        });
        return command;
    }
}
