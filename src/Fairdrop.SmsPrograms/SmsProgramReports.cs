using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Reports;
using Fairdrop.SmsPrograms.Storage;

namespace Fairdrop.SmsPrograms;

/// <summary>A program's report (subscribers by source, confirmation rate, opt-outs, referral funnel per program and referrer) and its funnel chart.</summary>
public sealed class SmsProgramReports
{
    private readonly DbConnectionFactory _connections;
    private readonly ProgramStore _programs;

    internal SmsProgramReports(DbConnectionFactory connections, ProgramStore programs)
    {
        _connections = connections;
        _programs = programs;
    }

    public async Task<Result<ProgramReport>> ReportAsync(Guid merchantId, Guid programId, CancellationToken cancellationToken)
    {
        if (await _programs.GetAsync(merchantId, programId, cancellationToken) is null)
        {
            return SmsProgramErrors.ProgramMissing();
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await ReportQueries.ReadAsync(connection, programId, cancellationToken);
    }

    /// <summary>The referral funnel of the program as an SVG document.</summary>
    public async Task<Result<string>> FunnelSvgAsync(Guid merchantId, Guid programId, CancellationToken cancellationToken)
    {
        if (await _programs.GetAsync(merchantId, programId, cancellationToken) is not { } program)
        {
            return SmsProgramErrors.ProgramMissing();
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        var report = await ReportQueries.ReadAsync(connection, programId, cancellationToken);
        return FunnelChart.Render($"{program.Program.Name}: referral funnel", report.Funnel);
    }
}
