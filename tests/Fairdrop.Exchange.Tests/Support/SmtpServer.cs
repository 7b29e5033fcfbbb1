using System.Diagnostics;
using System.Globalization;
using Fairdrop.Testing;
using MimeKit;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>The real SMTP server of <see cref="TestServers.Smtp"/> (aiosmtpd storing into a Maildir), and lookups in that Maildir.</summary>
internal sealed record SmtpServer(string Host, int Port, string Maildir)
{
    /// <summary>The server from FAIRDROP_TEST_SMTP ("host:port;maildir"), or a skip.</summary>
    public static SmtpServer FromEnvironment()
    {
        var parts = TestServers.Smtp().Split(';', 2);
        var endpoint = parts[0].Split(':', 2);
        return new SmtpServer(endpoint[0], int.Parse(endpoint[1], CultureInfo.InvariantCulture), parts[1]);
    }

    /// <summary>Configuration that points the exchange's email channel at this server.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Fairdrop:Exchange:Smtp:Host"] = Host,
        ["Fairdrop:Exchange:Smtp:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["Fairdrop:Exchange:Smtp:Security"] = "none",
    };

    /// <summary>
    /// Polls the Maildir (bounded) for stored messages whose raw text contains <paramref name="marker"/>, until
    /// <paramref name="count"/> are there; the server writes the file before it answers 250, so this rarely waits.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string marker, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Find(marker);
            if (found.Count >= count || clock.Elapsed > timeout)
            {
                return found.Select(f => MimeMessage.Load(f)).ToList();
            }

            await Task.Delay(100);
        }
    }

    private List<string> Find(string marker)
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => File.ReadAllText(f).Contains(marker, StringComparison.Ordinal)).ToList()
            : [];
    }
}
