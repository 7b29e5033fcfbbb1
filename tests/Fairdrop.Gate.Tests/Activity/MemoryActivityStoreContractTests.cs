using Fairdrop.Gate.Activity;

namespace Fairdrop.Gate.Tests.Activity;

/// <summary>The activity store contract against the in-process store.</summary>
public sealed class MemoryActivityStoreContractTests : ActivityStoreContract
{
    protected override IActivityStore CreateStore(ActivityOptions options) => new MemoryActivityStore(Microsoft.Extensions.Options.Options.Create(options));
}
