namespace Fairdrop.Exchange.Matching;

/// <summary>One distribution as a delivery chooser sees it: who sends, when it is decided, the deadline and the sender's window.</summary>
public sealed record DeliveryOffer(Guid MerchantId, Guid DistributionId, string? Topic, DateTimeOffset Now, DateTimeOffset? Deadline, DailyWindow? SendWindow);
