using Fairdrop.SmsPrograms.Programs;

namespace Fairdrop.SmsPrograms.Storage;

/// <summary>
/// A program with what only the module sees: its merchant, its two exchange senders, the exchange recipient its reward
/// webhooks go to and the exchange distribution its confirmation requests go in.
/// </summary>
internal sealed record StoredProgram(
    SmsProgram Program, Guid MerchantId, Guid TransactionalSenderId, Guid MarketingSenderId, Guid? RewardRecipientId = null, Guid? ConfirmationDistributionId = null);
