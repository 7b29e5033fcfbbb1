namespace Fairdrop.SmsPrograms.Storefront;

/// <summary>What the hosted sign-up page shows: the program's name and frequency, the consent wording beside the checkbox, and the page's own address.</summary>
public sealed record SignupForm(Guid ProgramId, string ProgramName, string Frequency, string ConsentText, string PageUrl);
