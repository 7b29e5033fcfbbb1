namespace Fairdrop.Api;

/// <summary>A page of results; pass <see cref="Next"/> as <c>after</c> for the following page.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Builds keyset pages: a full page has a next cursor, the id of its last row; a short one is the end.</summary>
internal static class Page
{
    public static Page<T> Of<T>(IReadOnlyList<T> rows, int limit, Func<T, Guid> idOf) => Of(rows, limit, idOf, row => row);

    public static Page<TOut> Of<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, Guid> idOf, Func<TIn, TOut> map) =>
        new(rows.Select(map).ToList(), rows.Count == limit ? idOf(rows[^1]).ToString() : null);
}
