namespace Fairdrop.Scenarios;

/// <summary>The environment of a <c>fairdrop serve</c> process a scenario starts on its scratch storage.</summary>
internal static class ServeEnvironment
{
    public static Dictionary<string, string> For(Dictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string> { ["FAIRDROP_DATA"] = settings["Fairdrop:Storage:DataDirectory"] ?? "data", ["Logging__LogLevel__Default"] = "Warning" };
        if (settings.TryGetValue("Fairdrop:Storage:Postgres", out var postgres) && postgres is not null)
        {
            environment["FAIRDROP_POSTGRES"] = postgres;
        }

        return environment;
    }
}
