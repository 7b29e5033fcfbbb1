namespace Fairdrop.Core.Storage;

/// <summary>How rows of <typeparamref name="T"/> map onto a table's columns for <see cref="BulkWriter"/>.</summary>
/// <remarks>Values must be database-ready: <see cref="Guid"/>, <see cref="long"/>, <see cref="int"/>, <see cref="string"/>, <see cref="bool"/>, <see cref="double"/>, byte arrays or null.</remarks>
public sealed record BulkTable<T>(string Table, IReadOnlyList<BulkColumn<T>> Columns);

/// <summary>One column of a <see cref="BulkTable{T}"/> and how to read its value from a row.</summary>
public sealed record BulkColumn<T>(string Name, Func<T, object?> Value);
