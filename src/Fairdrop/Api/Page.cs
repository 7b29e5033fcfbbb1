using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api;

/// <summary>A page of results; pass <see cref="Next"/> as <c>after</c> (or <c>before</c>, for newest-first lists) for the following page.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// The one paging rule (README, "Paging"): <c>limit</c> is 1–<see cref="MaxLimit"/>, <see cref="DefaultLimit"/> when
/// absent, anything else a 400 <c>validation_failed</c> naming <c>limit</c> (never clamped); pages are keyset pages.
/// </summary>
internal static class Page
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Null when <paramref name="limit"/> is within the rule; else the error that says so.</summary>
    public static Error? CheckLimit(int limit, string field = "limit") =>
        limit is >= 1 and <= MaxLimit ? null : Error.Validation(field, $"{field} must be between 1 and {MaxLimit}.");

    /// <summary>Null when <paramref name="limit"/> is within the rule; else the 400 an endpoint returns: <c>if (Page.InvalidLimit(limit) is { } problem) return problem;</c>.</summary>
    public static ValidationProblem? InvalidLimit(int limit) =>
        CheckLimit(limit) is { Field: { } field } error ? Problems.Validation(field, error.Message) : null;

    /// <summary>A keyset page: a full page has a next cursor, the id of its last row; a short one is the end.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> rows, int limit, Func<T, Guid> idOf) => Of(rows, limit, idOf, row => row);

    public static Page<TOut> Of<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, Guid> idOf, Func<TIn, TOut> map) =>
        Of(rows, limit, row => idOf(row).ToString(), map);

    /// <summary>A keyset page over a text key (the merchant's own ids, such as a product's external id).</summary>
    public static Page<TOut> Of<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, string> keyOf, Func<TIn, TOut> map) =>
        new(rows.Select(map).ToList(), rows.Count == limit ? keyOf(rows[^1]) : null);
}
