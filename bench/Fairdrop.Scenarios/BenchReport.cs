using System.Text.Json;
using Spectre.Console;

namespace Fairdrop.Scenarios;

/// <summary>
/// How every <c>fairdrop-bench</c> scenario reports: a table for people, then, as the very last line,
/// one JSON object with the figures (including <c>ratio</c> against the baseline) for machines.
/// </summary>
internal static class BenchReport
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Print(string title, IReadOnlyList<(string Name, string Value)> rows, object figures)
    {
        Table(title, rows);
        Console.Out.Flush();
        Console.WriteLine(JsonSerializer.Serialize(figures, Json));
    }

    /// <summary>A table for people only, printed before the scenario's <see cref="Print"/>.</summary>
    public static void Table(string title, IReadOnlyList<(string Name, string Value)> rows)
    {
        var table = new Table().Title(title).AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in rows)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        AnsiConsole.Write(table);
    }
}
