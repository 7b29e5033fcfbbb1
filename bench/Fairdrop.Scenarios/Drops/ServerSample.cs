using System.Globalization;

namespace Fairdrop.Scenarios.Drops;

/// <summary>A process's CPU time so far and its resident memory, from /proc (Linux).</summary>
internal readonly record struct ServerSample(double CpuSeconds, long ResidentBytes)
{
    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s) and VmRSS.</summary>
    public static ServerSample Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return new ServerSample(ticks / 100.0, long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
    }
}
