namespace Fairdrop.SmsPrograms.Hours;

/// <summary>
/// The state of a North American area code, for the states with stricter rules only (NANPA's area code list): a
/// number with a Florida area code is presumed to belong to a Florida resident, as Florida's statute says.
/// Area codes follow the number when people move, so this is a presumption, which is what the law asks for.
/// </summary>
internal static class AreaCodes
{
    private static readonly Dictionary<int, string> States = Build();

    /// <summary>The state code (FL, OK, MD, WA) of a three-digit area code, or null for every other one.</summary>
    public static string? StateOf(int areaCode) => States.GetValueOrDefault(areaCode);

    private static Dictionary<int, string> Build()
    {
        var states = new Dictionary<int, string>();
        Add("FL", 239, 305, 321, 324, 352, 386, 407, 448, 561, 645, 656, 689, 727, 728, 754, 772, 786, 813, 850, 863, 904, 941, 954);
        Add("OK", 405, 539, 572, 580, 918);
        Add("MD", 227, 240, 301, 410, 443, 667);
        Add("WA", 206, 253, 360, 425, 509, 564);
        return states;

        void Add(string state, params int[] codes)
        {
            foreach (var code in codes)
            {
                states.Add(code, state);
            }
        }
    }
}
