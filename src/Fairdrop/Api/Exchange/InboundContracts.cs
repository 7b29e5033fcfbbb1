namespace Fairdrop.Api.Exchange;

/// <summary>Body of <c>POST /exchange/inbox/{userId}/{messageId}/reply</c>.</summary>
internal sealed record InboxReplyRequest(string? Body, string? ReplyId);
