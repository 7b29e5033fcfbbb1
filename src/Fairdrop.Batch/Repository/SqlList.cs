using System.Globalization;
using Dapper;

namespace Fairdrop.Batch.Repository;

/// <summary>
/// An <c>IN (...)</c> list with one parameter per value. Dapper sends lists to Npgsql as one array parameter,
/// which <c>IN</c> cannot take, so the list is spelled out the same way for both databases.
/// </summary>
internal static class SqlList
{
    public static string In(string column, IReadOnlyCollection<string> values, DynamicParameters parameters, string prefix)
    {
        var names = values.Select((value, i) =>
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            parameters.Add(name, value);
            return "@" + name;
        });
        return $"{column} IN ({string.Join(", ", names)})";
    }
}
