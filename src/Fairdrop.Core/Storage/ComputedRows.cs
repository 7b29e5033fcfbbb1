using System.Data.Common;
using Dapper;

namespace Fairdrop.Core.Storage;

/// <summary>
/// Reads rows of computed columns (aggregates, casts) into records. SQLite types a computed column by its value, so
/// with no rows it reports them as BLOBs, which no record constructor matches: Dapper's parser is built only from a
/// first row here, and an empty result is an empty list.
/// </summary>
public static class ComputedRows
{
    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, CommandDefinition command, CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(command);
        var rows = new List<T>();
        if (!await reader.ReadAsync(cancellationToken))
        {
            return rows;
        }

        var parse = reader.GetRowParser<T>();
        do
        {
            rows.Add(parse(reader));
        }
        while (await reader.ReadAsync(cancellationToken));
        return rows;
    }
}
