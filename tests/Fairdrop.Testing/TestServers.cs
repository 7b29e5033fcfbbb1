using Xunit;

namespace Fairdrop.Testing;

/// <summary>
/// The real servers tests may use, named by environment variables as Npgsql's own tests do. A lane
/// whose variable is missing skips with a reason, unless FAIRDROP_TEST_REQUIRE_SERVERS=1 (set by
/// ./test.sh and CI), where a missing server is a failure: the lanes must really run there.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "FAIRDROP_TEST_POSTGRES";
    public const string RedisVariable = "FAIRDROP_TEST_REDIS";
    public const string SmtpVariable = "FAIRDROP_TEST_SMTP";
    public const string ImapVariable = "FAIRDROP_TEST_IMAP";
    public const string RequireVariable = "FAIRDROP_TEST_REQUIRE_SERVERS";
    public const string ChromiumVariable = "FAIRDROP_TEST_CHROMIUM";
    public const string AxeVariable = "FAIRDROP_TEST_AXE";

    /// <summary>The PostgreSQL admin connection string, or a skip.</summary>
    public static string Postgres() => Require(PostgresVariable, "PostgreSQL");

    /// <summary>The Redis configuration string (host:port), or a skip.</summary>
    public static string Redis() => Require(RedisVariable, "Redis");

    /// <summary>The SMTP server (host:port) and its Maildir, as "host:port;maildir", or a skip.</summary>
    public static string Smtp() => Require(SmtpVariable, "SMTP");

    /// <summary>The IMAP server (Dovecot) as "host:port;user;password", or a skip.</summary>
    public static string Imap() => Require(ImapVariable, "IMAP (Dovecot)");

    /// <summary>A Chromium executable for Playwright (Debian's <c>chromium</c>), or a skip.</summary>
    public static string Chromium() => Require(ChromiumVariable, "Chromium");

    /// <summary>axe-core's <c>axe.min.js</c> (installed by ./test.sh with npm ci), or a skip.</summary>
    public static string Axe() => Require(AxeVariable, "axe-core");

    private static string Require(string variable, string server)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var reason = $"{server} lane skipped: set {variable} (./test.sh starts a real {server} and sets it).";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            throw new InvalidOperationException($"{variable} is required here: {reason}");
        }

        Skip.If(true, reason);
        return string.Empty;
    }
}
