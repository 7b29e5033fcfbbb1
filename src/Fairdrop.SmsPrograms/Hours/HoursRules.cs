using Fairdrop.Exchange.Matching;

namespace Fairdrop.SmsPrograms.Hours;

/// <summary>
/// The rules table: the federal default and each stricter state (docs/sms-programs.md, "Legal hours", with the same
/// sources). A state absent here follows the federal rule. Applied to marketing texts only; the confirmation request,
/// HELP and STOP replies are transactional and exempt.
/// </summary>
public static class HoursRules
{
    /// <summary>TCPA: no telephone solicitation before 8 a.m. or after 9 p.m. at the called party's location.</summary>
    public static readonly HoursRule Federal = new(
        "US", new DailyWindow(new TimeOnly(8, 0), new TimeOnly(21, 0)), null, "47 U.S.C. § 227; 47 CFR § 64.1200(c)(1)");

    /// <summary>Florida Telephone Solicitation Act as amended in 2021 (SB 1120) and 2023 (HB 761).</summary>
    public static readonly HoursRule Florida = new(
        "US-FL", new DailyWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), 3, "Fla. Stat. § 501.059(8)(a)");

    /// <summary>Oklahoma Telephone Solicitation Act of 2022 (HB 3168), modelled on Florida's.</summary>
    public static readonly HoursRule Oklahoma = new(
        "US-OK", new DailyWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), 3, "Okla. Stat. tit. 15, § 775C.4");

    /// <summary>Maryland Stop the Spam Calls Act of 2023 (SB 90).</summary>
    public static readonly HoursRule Maryland = new(
        "US-MD", new DailyWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), 3, "Md. Code, Com. Law § 14-4503");

    /// <summary>Washington's telephone solicitation statute.</summary>
    public static readonly HoursRule Washington = new(
        "US-WA", new DailyWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), null, "RCW 80.36.390(2)");

    /// <summary>Every rule, federal first.</summary>
    public static readonly IReadOnlyList<HoursRule> All = [Federal, Florida, Oklahoma, Maryland, Washington];

    /// <summary>The rule for a US state code (FL, OK…), the federal rule for any other.</summary>
    public static HoursRule ForState(string? state) => state switch
    {
        "FL" => Florida,
        "OK" => Oklahoma,
        "MD" => Maryland,
        "WA" => Washington,
        _ => Federal,
    };
}
