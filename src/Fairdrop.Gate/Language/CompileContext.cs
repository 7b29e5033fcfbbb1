namespace Fairdrop.Gate.Language;

/// <summary>What the checker needs to know of the installation: the activity horizon, the actions routes map to, the regex timeout.</summary>
public sealed record CompileContext(TimeSpan Horizon, IReadOnlyCollection<string> KnownActions, TimeSpan RegexTimeout, int MaxEventsPerIdentity)
{
    public static CompileContext Default { get; } = new(
        TimeSpan.FromHours(1),
        ["view_product", "add_to_cart", "view_cart", "checkout", "login", "register", "search", "other"],
        // The engine is linear-time, so the timeout is a backstop; it must also cover building the matcher's states on a loaded machine.
        TimeSpan.FromSeconds(1),
        64);
}
