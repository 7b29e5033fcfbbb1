using Dapper;
using Fairdrop.Batch.Steps;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Writers;

/// <summary>
/// Reads rows by keyset pagination: <paramref name="firstPageSql"/> reads the first <c>@limit</c> rows in key order,
/// <paramref name="nextPageSql"/> those with a key greater than <c>@after</c>; <paramref name="parseKey"/> turns a stored position back into a key.
/// </summary>
public sealed class SqlKeysetReader<T>(DbConnectionFactory connections, string firstPageSql, string nextPageSql, Func<T, string> position, Func<string, object> parseKey)
    : IItemReader<T>
{
    public async Task<IReadOnlyList<T>> ReadAsync(string? after, int count, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = after is null
            ? await connection.QueryAsync<T>(new CommandDefinition(firstPageSql, new { limit = count }, cancellationToken: cancellationToken))
            : await connection.QueryAsync<T>(new CommandDefinition(nextPageSql, new { after = parseKey(after), limit = count }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public string PositionOf(T item) => position(item);
}
