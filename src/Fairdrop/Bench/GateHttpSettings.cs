namespace Fairdrop.Bench;

/// <summary>How <c>fairdrop bench gate --http</c> drives wrk.</summary>
internal sealed record GateHttpSettings(int Seconds, int Connections, int Threads, int Rounds, int WarmUpSeconds);
