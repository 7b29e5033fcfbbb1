using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;

namespace Fairdrop.Core.Tests.Outbound;

/// <summary>The validation-time check, through <see cref="Uri"/> as the senders parse the URL, over many spellings.</summary>
public sealed class OutboundGuardUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1/hooks")]
    [InlineData("http://127.0.0.1:22/")]
    [InlineData("http://127.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[0:0:0:0:0:0:0:1]:8080/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[64:ff9b::7f00:1]/")]
    [InlineData("http://[2002:7f00:1::]/")]
    [InlineData("http://localhost/")]
    [InlineData("http://LOCALHOST./")]
    [InlineData("http://api.localhost/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::]/")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("http://172.20.1.1/")]
    [InlineData("http://192.168.0.1/")]
    [InlineData("http://100.64.1.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://metadata/")]
    [InlineData("http://redis:6379/")]
    [InlineData("http://printer.local/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://255.255.255.255/")]
    public void CheckUrl_NonPublicDestination_ForbiddenDestinationNamingTheField(string url)
    {
        var error = TestGuard.Create().CheckUrl(url, "contacts.webhookUrl");

        Assert.NotNull(error);
        Assert.Equal((ErrorCodes.ForbiddenDestination, "contacts.webhookUrl"), (error.Code, error.Field));
        Assert.StartsWith("webhookUrl is refused: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("//hooks.example.com/x")]
    [InlineData("/hooks")]
    [InlineData("hooks.example.com/x")]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("gopher://hooks.example.com:70/x")]
    [InlineData("http://user:secret@hooks.example.com/")]
    [InlineData("http://user@hooks.example.com/")]
    [InlineData("")]
    [InlineData(null)]
    public void CheckUrl_NotAnAbsoluteHttpUrl_ValidationFailed(string? url)
    {
        var error = TestGuard.Create().CheckUrl(url, "contacts.webhookUrl");

        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Equal("contacts.webhookUrl", error?.Field);
    }

    [Theory]
    [InlineData("https://hooks.example.com/x")]
    [InlineData("http://hooks.example.com:8443/x?y=1")]
    [InlineData("https://93.184.216.34/x")]
    [InlineData("https://[2606:4700:4700::1111]/x")]
    [InlineData("https://xn--bcher-kva.example/")]
    [InlineData("https://1.2.3.0x4/")] // Uri reads 1.2.3.4: public
    public void CheckUrl_PublicDestination_Accepted(string url) => Assert.Null(TestGuard.Create().CheckUrl(url, "webhookUrl"));

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks", true)]
    [InlineData("http://[::ffff:127.0.0.1]:5000/hooks", true)]
    [InlineData("http://127.0.0.2/hooks", false)]
    [InlineData("http://hooks.shop.internal/x", true)]
    [InlineData("http://HOOKS.Shop.Internal./x", true)]
    [InlineData("http://a.b.corp.internal/x", true)]
    [InlineData("http://corp.internal/x", false)]
    [InlineData("http://10.1.2.3/x", true)]
    [InlineData("http://10.2.0.1/x", false)]
    public void CheckUrl_OperatorAllowList_AcceptsExactlyWhatItNames(string url, bool accepted)
    {
        var guard = TestGuard.Create(networks: ["127.0.0.1", "10.1.0.0/16"], hosts: ["hooks.shop.internal", "*.corp.internal"]);

        Assert.Equal(accepted, guard.CheckUrl(url, "webhookUrl") is null);
    }

    [Theory]
    [InlineData("http://push.example.net/a", ErrorCodes.ValidationFailed)]
    [InlineData("http://127.0.0.1:9000/push", ErrorCodes.ForbiddenDestination)]
    [InlineData("https://127.0.0.1:9000/push", ErrorCodes.ForbiddenDestination)]
    [InlineData("https://push.example.net/a", null)]
    public void CheckUrl_HttpsOnly_HttpRefusedUnlessAllowListed(string url, string? code)
    {
        Assert.Equal(code, TestGuard.Create().CheckUrl(url, "endpoint", httpsOnly: true)?.Code);
        Assert.Null(TestGuard.Create(networks: ["127.0.0.0/8"], hosts: ["push.example.net"]).CheckUrl(url, "endpoint", httpsOnly: true));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("not-a-network")]
    [InlineData("")]
    public void AllowList_MalformedNetwork_Rejected(string network)
    {
        var options = new OutboundOptions();
        options.AllowedNetworks.Add(network);

        Assert.Null(AllowList.TryCreate(options));
    }
}
