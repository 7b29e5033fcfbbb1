using System.Text.Json;
using Fairdrop.Exchange.Series;

namespace Fairdrop.Api.Exchange;

/// <summary>A stored series as the API shows it: its id and its definition as written.</summary>
internal sealed record SeriesView(Guid Id, Guid SenderId, string Name, DateTimeOffset CreatedAt, SeriesDefinition Definition)
{
    public static SeriesView Of(StoredSeries series) => new(series.Id, series.SenderId, series.Name, series.CreatedAt, series.Definition);
}

/// <summary>A conversation as the API shows it: its state, what its actions produced (data) and, when asked for one, its events.</summary>
internal sealed record ConversationView(
    Guid Id, Guid SeriesId, Guid LaunchId, Guid RecipientId, string Channel, string Step, string Status, DateTimeOffset? Deadline, JsonElement Data,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ConversationEvent>? Events = null)
{
    public static ConversationView Of(Conversation c, IReadOnlyList<ConversationEvent>? events = null) =>
        new(c.Id, c.SeriesId, c.LaunchId, c.RecipientId, c.Channel, c.Step, c.Status, c.Deadline, JsonDocument.Parse(c.Data).RootElement.Clone(), c.CreatedAt, c.UpdatedAt, events);
}

/// <summary>Body of a person's turn in a conversation: a text to send, a step to return to, or close; key makes a retry harmless.</summary>
internal sealed record ConversationAnswerRequest(string? Key, string? Text, string? Step, bool Close = false);
