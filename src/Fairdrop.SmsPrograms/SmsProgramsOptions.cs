using System.ComponentModel.DataAnnotations;

namespace Fairdrop.SmsPrograms;

/// <summary>The storefront opt-in's abuse guards (<c>Fairdrop:SmsPrograms</c>); each node counts on its own.</summary>
public sealed class SmsProgramsOptions
{
    public const string Section = "Fairdrop:SmsPrograms";

    /// <summary>Storefront opt-ins answered per client address and publishable key (or hosted page) per window; more are 429.</summary>
    [Range(1, 100_000)]
    public int PublicOptInLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PublicOptInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Storefront opt-ins acted on per number per window, across every program: each costs the shop a confirmation text
    /// to a number the caller may not own. More are answered alike and do nothing, so the answer tells nobody whether
    /// the number was asked for before.
    /// </summary>
    [Range(1, 1000)]
    public int OptInsPerNumber { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PerNumberWindow { get; set; } = TimeSpan.FromHours(1);
}
