using Fairdrop.SmsPrograms.Hours;

namespace Fairdrop.SmsPrograms.Tests.Hours;

/// <summary>Numbers to places: libphonenumber's zones and, for US numbers, the area code's state and its rule.</summary>
public sealed class LocationResolverTests
{
    [Theory]
    [InlineData("+13052530100", "US-FL")] // Miami
    [InlineData("+18502530100", "US-FL")] // the Panhandle: Florida, partly Central time
    [InlineData("+14052530100", "US-OK")]
    [InlineData("+14102530100", "US-MD")]
    [InlineData("+12062530100", "US-WA")]
    [InlineData("+12122530100", "US")]
    [InlineData("+16502530000", "US")]
    public void Resolve_UsNumber_RuleOfTheAreaCodesState(string phone, string jurisdiction) =>
        Assert.Equal(jurisdiction, LocationResolver.Resolve(phone)!.Rule.Jurisdiction);

    [Fact]
    public void Resolve_MiamiNumber_EasternTime()
    {
        var location = LocationResolver.Resolve("+13052530100")!;

        Assert.Equal(["America/New_York"], location.Zones.Select(z => z.Id));
    }

    [Fact]
    public void Resolve_LondonNumber_LondonTimeFederalDefault()
    {
        var location = LocationResolver.Resolve("+442079460958")!;

        Assert.Equal(["Europe/London"], location.Zones.Select(z => z.Id));
        Assert.Same(HoursRules.Federal, location.Rule);
    }

    [Fact]
    public void Resolve_InvalidNumber_Null() => Assert.Null(LocationResolver.Resolve("+1415555"));

    [Fact]
    public void Resolve_SamePrefixTwice_SharedInstance() =>
        Assert.Same(LocationResolver.Resolve("+13052530100"), LocationResolver.Resolve("+13052530199"));
}
