using System.Data.Common;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// The write transaction a conversation's event is decided and committed in, handed to actions that write (a hold, a
/// consent withdrawal) so their rows commit or roll back with the event. Never commit or roll it back yourself.
/// </summary>
public sealed record SeriesWrite(DbConnection Connection, DbTransaction Transaction);
