namespace Fairdrop.Batch.Running;

/// <summary>This node no longer holds the lease: another node took the work over, so this one must stop without writing.</summary>
internal sealed class LeaseLostException(string what) : Exception($"The lease on {what} was lost; another node owns it now.");
