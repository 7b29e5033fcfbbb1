using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Tests.Intake;

/// <summary>The one contact rule other modules (restock's waitlists) use: the exchange's, libphonenumber for phones.</summary>
public sealed class NormaliseContactTests
{
    [Theory]
    [InlineData(Channel.Sms, "+14155550123", "+14155550123")]
    [InlineData(Channel.Sms, " +44 20 7946 0958 ", "+442079460958")]
    [InlineData(Channel.Sms, "+1 (415) 555-0123", "+14155550123")]
    [InlineData(Channel.Email, " Ana@Shop.Example ", "ana@shop.example")]
    [InlineData(Channel.InApp, " user-42 ", "user-42")]
    public void NormaliseContact_Valid_StoredForm(Channel channel, string contact, string expected)
    {
        var result = ExchangeIntake.NormaliseContact(channel, contact, "contact");

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData(Channel.Sms, "4155550123")]       // no country: not international
    [InlineData(Channel.Sms, "+1415555")]         // too short for its country
    [InlineData(Channel.Sms, "+999123456789")]    // no such country code
    [InlineData(Channel.Sms, "not a number")]
    [InlineData(Channel.Email, "not-an-email")]
    [InlineData(Channel.Email, "")]
    [InlineData(Channel.InApp, "")]
    [InlineData(Channel.InApp, "user\u0000")]
    [InlineData(Channel.Webhook, "https://shop.example/hook")]
    public void NormaliseContact_Invalid_ValidationErrorOnTheField(Channel channel, string contact)
    {
        var result = ExchangeIntake.NormaliseContact(channel, contact, "contact");

        Assert.False(result.IsSuccess);
        Assert.Equal("contact", result.Error!.Field);
    }
}
