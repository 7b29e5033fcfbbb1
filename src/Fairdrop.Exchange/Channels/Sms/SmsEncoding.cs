namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>How a text travels as SMS: its encoding, the parts it is split into, and the units it takes (septets or UTF-16 code units).</summary>
public readonly record struct SmsEncoding(string Encoding, int Segments, int Units)
{
    public const string Gsm7 = "GSM-7";
    public const string Ucs2 = "UCS-2";
}
