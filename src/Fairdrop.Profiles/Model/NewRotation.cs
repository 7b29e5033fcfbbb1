namespace Fairdrop.Profiles.Model;

/// <summary>
/// A rotation to start: <c>manual</c> (now, until ended by hand), <c>drop</c> (when drop <c>subject</c> opens, until it
/// sells out or closes) or <c>restock</c> (when a restock round of product <c>subject</c> starts, for <c>hours</c>).
/// </summary>
public sealed record NewRotation(string? Rule, string? Subject, string? ImageUrl, string? BadgeText, int? Hours);
