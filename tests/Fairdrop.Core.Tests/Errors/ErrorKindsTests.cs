using Fairdrop.Core.Errors;

namespace Fairdrop.Core.Tests.Errors;

public sealed class ErrorKindsTests
{
    [Theory]
    [InlineData(ErrorKind.BadRequest, 400)]
    [InlineData(ErrorKind.Validation, 400)]
    [InlineData(ErrorKind.Unauthorized, 401)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.PayloadTooLarge, 413)]
    [InlineData(ErrorKind.UnsupportedMediaType, 415)]
    [InlineData(ErrorKind.Unprocessable, 422)]
    [InlineData(ErrorKind.RateLimited, 429)]
    [InlineData(ErrorKind.Internal, 500)]
    [InlineData(ErrorKind.Unavailable, 503)]
    public void Status_EachKind_HasItsStatus(ErrorKind kind, int status) => Assert.Equal(status, kind.Status());

    [Fact]
    public void Status_EveryKind_IsMapped() =>
        Assert.All(Enum.GetValues<ErrorKind>(), kind => Assert.InRange(kind.Status(), 400, 599));

    [Theory]
    [InlineData(ErrorCodes.ValidationFailed, ErrorKind.Validation)]
    [InlineData(ErrorCodes.NotFound, ErrorKind.NotFound)]
    [InlineData(ErrorCodes.Conflict, ErrorKind.Conflict)]
    [InlineData(ErrorCodes.Unauthorized, ErrorKind.Unauthorized)]
    [InlineData(ErrorCodes.InvalidSignature, ErrorKind.Forbidden)]
    [InlineData(ErrorCodes.ForbiddenDestination, ErrorKind.Unprocessable)]
    [InlineData(ErrorCodes.RateLimited, ErrorKind.RateLimited)]
    [InlineData(ErrorCodes.InvalidToken, ErrorKind.BadRequest)]
    [InlineData("some_module_code", ErrorKind.BadRequest)]
    public void NewError_WithoutAKind_TakesItsCodesKind(string code, ErrorKind kind) => Assert.Equal(kind, new Error(code, "message").Kind);

    [Fact]
    public void Of_SetsTheKind_KeepsTheCode()
    {
        var error = Error.Of(ErrorKind.Conflict, "module_clash", "It clashes.", "field");

        Assert.Equal((ErrorKind.Conflict, "module_clash", "field"), (error.Kind, error.Code, error.Field));
    }
}
