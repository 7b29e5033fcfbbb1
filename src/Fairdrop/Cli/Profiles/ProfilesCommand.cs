using System.CommandLine;
using System.Text.Json;
using Fairdrop.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Cli.Profiles;

/// <summary>
/// <c>fairdrop profiles preview|rotations</c>: try a template on a product photo from a file, and see a profile's
/// rotations (state, reason) from the database.
/// </summary>
internal static class ProfilesCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("profiles", "Profile images: preview the avatar a product photo makes, list a profile's rotations.");
        command.Subcommands.Add(Preview());
        command.Subcommands.Add(Rotations());
        return command;
    }

    private static Command Preview()
    {
        var storage = new StorageArguments();
        var image = new Argument<FileInfo>("image") { Description = "A JPEG, PNG or WebP product photo." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the PNG avatar.", Required = true };
        var badge = new Option<string?>("--badge") { Description = "Badge text (default: the template's, BACK IN STOCK)." };
        var network = new Option<string?>("--network") { Description = "mastodon (default), bluesky or webhook: the size and shape." };
        var merchant = new Option<Guid?>("--merchant") { Description = "Use this merchant's template (default: the default template)." };
        var command = new Command("preview", "Write the avatar a product photo makes, as PNG, with the same checks as the API.") { image, output, badge, network, merchant };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(image)!;
            if (!file.Exists || file.Length > new ProfilesOptions().MaxImageBytes)
            {
                await Console.Error.WriteLineAsync($"fairdrop: {file.FullName} does not exist or is larger than {new ProfilesOptions().MaxImageBytes:N0} bytes.");
                return 2;
            }

            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var result = await services.GetRequiredService<ProfileService>().PreviewImageAsync(
                parseResult.GetValue(merchant), await File.ReadAllBytesAsync(file.FullName, cancellationToken), parseResult.GetValue(badge), parseResult.GetValue(network), cancellationToken);
            if (!result.TryGetValue(out var png, out var error))
            {
                await Console.Error.WriteLineAsync($"fairdrop: {error.Code}: {error.Message}");
                return 1;
            }

            await File.WriteAllBytesAsync(parseResult.GetValue(output)!.FullName, png, cancellationToken);
            Console.WriteLine($"wrote {parseResult.GetValue(output)!.FullName} ({png.Length:N0} bytes)");
            return 0;
        });
        return command;
    }

    private static Command Rotations()
    {
        var storage = new StorageArguments();
        var merchant = new Option<Guid>("--merchant") { Description = "The merchant's id.", Required = true };
        var profile = new Argument<Guid>("profile") { Description = "The social profile's id." };
        var command = new Command("rotations", "A profile's rotations, newest first, as JSON: state, reason, next attempt.") { profile, merchant };
        storage.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = await CommandServices.CreateMigratedAsync(storage.ToSettings(parseResult), cancellationToken);
            var result = await services.GetRequiredService<RotationService>().ListAsync(parseResult.GetValue(merchant), parseResult.GetValue(profile), null, 100, cancellationToken);
            if (!result.TryGetValue(out var rotations, out var error))
            {
                await Console.Error.WriteLineAsync($"fairdrop: {error.Message}");
                return 2;
            }

            Console.WriteLine(JsonSerializer.Serialize(rotations, Json));
            return 0;
        });
        return command;
    }
}
