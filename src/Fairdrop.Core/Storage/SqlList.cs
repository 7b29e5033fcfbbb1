using System.Globalization;
using Dapper;

namespace Fairdrop.Core.Storage;

/// <summary>
/// An <c>IN (...)</c> list with one parameter per value. Dapper sends lists to Npgsql as one array parameter,
/// which <c>IN</c> cannot take, so the list is spelled out the same way for both databases.
/// </summary>
public static class SqlList
{
    public static string In<T>(string column, IReadOnlyCollection<T> values, DynamicParameters parameters, string prefix)
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
