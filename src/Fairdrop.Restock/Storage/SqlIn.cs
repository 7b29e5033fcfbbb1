using System.Globalization;
using Dapper;

namespace Fairdrop.Restock.Storage;

/// <summary>An <c>IN (...)</c> list with one parameter per value; Dapper's list expansion does not work with Npgsql.</summary>
internal static class SqlIn
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
