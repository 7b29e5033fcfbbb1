using Fairdrop.Batch.Definition;
using Fairdrop.Batch.Model;

namespace Fairdrop.Batch.Running;

/// <summary>An execution whose lease this node holds, ready to run: new, restarted, or taken over from a dead node.</summary>
public sealed record PreparedExecution(Guid ExecutionId, Guid InstanceId, string Owner, JobDefinition Job, JobParameters Parameters, bool TakenOver);
