using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Decisions;

/// <summary>Takes decisions off the request path; never blocks or throws.</summary>
public interface IDecisionSink
{
    void Record(GateRequest request, in GateDecision decision);
}
