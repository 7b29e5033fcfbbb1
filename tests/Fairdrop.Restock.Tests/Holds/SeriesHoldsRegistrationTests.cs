using Fairdrop.Exchange.Series;
using Fairdrop.Restock.Holds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Restock.Tests.Holds;

public sealed class SeriesHoldsRegistrationTests
{
    [Fact]
    public void AddFairdropRestock_RegistersRestockSeriesHoldsAsTheSingletonISeriesHolds()
    {
        var services = new ServiceCollection().AddFairdropRestock(new ConfigurationBuilder().Build());

        var registered = Assert.Single(services, d => d.ServiceType == typeof(ISeriesHolds));
        Assert.Equal((typeof(RestockSeriesHolds), ServiceLifetime.Singleton), (registered.ImplementationType, registered.Lifetime));
    }
}
