using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Tests.Errors;

public sealed class ResultTests
{
    [Fact]
    public void TryGetValue_Success_GivesTheValueAndNoError()
    {
        Result<string> result = "value";

        Assert.True(result.TryGetValue(out var value, out var error));
        Assert.Equal("value", value);
        Assert.Null(error);
    }

    [Fact]
    public void TryGetValue_Failure_GivesTheError()
    {
        Result<string> result = Error.NotFound("The thing");

        Assert.False(result.TryGetValue(out var value, out var error));
        Assert.Null(value);
        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }
}
