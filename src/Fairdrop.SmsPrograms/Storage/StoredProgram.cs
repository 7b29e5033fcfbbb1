using Fairdrop.SmsPrograms.Programs;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>A program with what only the module sees: its merchant and its two exchange senders.</summary>
internal sealed record StoredProgram(SmsProgram Program, Guid MerchantId, Guid TransactionalSenderId, Guid MarketingSenderId);
