using System.Net;
using CsCheck;
using Fairdrop.Core.Outbound;

namespace Fairdrop.Core.Tests.Outbound;

/// <summary>Every spelling of a non-public address is caught, IPv6 forms that carry an IPv4 address included.</summary>
public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:7f00:1", AddressKind.Loopback)]
    [InlineData("::127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:0:127.0.0.1", AddressKind.Loopback)]
    [InlineData("64:ff9b::127.0.0.1", AddressKind.Loopback)]
    [InlineData("2002:7f00:1::", AddressKind.Loopback)]
    [InlineData("10.1.2.3", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("::ffff:10.0.0.1", AddressKind.Private)]
    [InlineData("2002:c0a8:101::1", AddressKind.Private)]
    [InlineData("fd12:3456::1", AddressKind.Private)]
    [InlineData("fc00::1", AddressKind.Private)]
    [InlineData("64:ff9b:1::a00:1", AddressKind.Private)]
    [InlineData("169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("::ffff:169.254.169.254", AddressKind.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressKind.CloudMetadata)]
    [InlineData("168.63.129.16", AddressKind.CloudMetadata)]
    [InlineData("169.254.1.1", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("fe80::1%2", AddressKind.LinkLocal)]
    [InlineData("100.64.0.1", AddressKind.SharedAddressSpace)]
    [InlineData("100.100.100.200", AddressKind.SharedAddressSpace)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.1.2.3", AddressKind.Unspecified)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("::ffff:0.0.0.0", AddressKind.Unspecified)]
    [InlineData("255.255.255.255", AddressKind.Broadcast)]
    [InlineData("192.0.2.1", AddressKind.Documentation)]
    [InlineData("2001:db8::1", AddressKind.Documentation)]
    [InlineData("198.18.0.1", AddressKind.Reserved)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", AddressKind.Reserved)]
    [InlineData("::8.8.8.8", AddressKind.Reserved)]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("93.184.216.34", AddressKind.Public)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("100.128.0.1", AddressKind.Public)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("2606:4700:4700::1111", AddressKind.Public)]
    [InlineData("2002:808:808::1", AddressKind.Public)]
    [InlineData("64:ff9b::8.8.8.8", AddressKind.Public)]
    public void Classify_Spelling_IsItsKind(string address, AddressKind expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2130706433")] // one 32-bit number
    [InlineData("0x7f000001")]
    [InlineData("0x7f.1")]
    [InlineData("0177.0.0.1")] // octal
    [InlineData("127.1")]
    [InlineData("017700000001")]
    public void Classify_NumericIPv4FormsAParserAccepts_Loopback(string spelling) =>
        Assert.Equal(AddressKind.Loopback, AddressClassifier.Classify(IPAddress.Parse(spelling)));

    [Fact]
    public void Classify_AnyIPv4_SameKindInEveryIPv6FormThatCarriesIt()
    {
        Gen.UInt.Sample(n =>
        {
            var v4 = new IPAddress(BitConverter.GetBytes(n));
            var kind = AddressClassifier.Classify(v4);
            var bytes = v4.GetAddressBytes();
            var nat64 = new byte[16];
            new byte[] { 0, 0x64, 0xff, 0x9b }.CopyTo(nat64, 0);
            bytes.CopyTo(nat64, 12);
            var sixToFour = new byte[16];
            sixToFour[0] = 0x20;
            sixToFour[1] = 0x02;
            bytes.CopyTo(sixToFour, 2);

            Assert.Equal(kind, AddressClassifier.Classify(v4.MapToIPv6()));
            Assert.Equal(kind, AddressClassifier.Classify(new IPAddress(nat64)));
            Assert.Equal(kind, AddressClassifier.Classify(new IPAddress(sixToFour)));
        });
    }

    [Fact]
    public void Classify_AnyAddressIn127Or10Or169254_NeverPublic()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Byte, Gen.Byte, Gen.Byte).Sample((prefix, b, c, d) =>
        {
            var first = new byte[] { 127, 10, 169 }[prefix];
            var second = first == 169 ? (byte)254 : b;

            Assert.NotEqual(AddressKind.Public, AddressClassifier.Classify(new IPAddress([first, second, c, d])));
        });
    }
}
