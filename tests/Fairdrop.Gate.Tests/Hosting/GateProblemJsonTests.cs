using System.Text;
using Fairdrop.Gate.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Gate.Tests.Hosting;

public sealed class GateProblemJsonTests
{
    public static TheoryData<int, string, string, string, string?> Answers => new()
    {
        { StatusCodes.Status429TooManyRequests, "gate_blocked", "Request blocked", "This request was turned away by the store's traffic rules. Slow down and try again.", "cart_burst" },
        { StatusCodes.Status403Forbidden, "gate_challenge", "Please confirm you are a person", "The store needs to confirm \"this\" <request>.", "fresh_account" },
        { StatusCodes.Status503ServiceUnavailable, "gate_queued", "You are in the queue", "Demand is high; café ☕ — try again shortly.", "drop_queue" },
        { StatusCodes.Status429TooManyRequests, "gate_busy", "Too many requests", "Too many requests are waiting; try again shortly.", null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task WriteAsync_AnyAnswer_WritesTheBytesTheProblemDetailsServiceWrote(int status, string code, string title, string detail, string? rule)
    {
        using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (rule is not null)
        {
            extensions["rule"] = rule;
        }

        var (serviceStatus, serviceType, serviceBody) = await WriteAsync(services, context =>
            TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context));
        var (ownStatus, ownType, ownBody) = await WriteAsync(services, context => GateProblemJson.WriteAsync(context, status, code, title, detail, rule));

        Assert.Equal(serviceStatus, ownStatus);
        Assert.Equal(serviceType, ownType);
        Assert.Contains("\"traceId\":\"trace-1\"", serviceBody, StringComparison.Ordinal);
        Assert.Equal(serviceBody, ownBody);
    }

    [Fact]
    public async Task WriteAsync_Answer_DeclaresItsLength()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "trace-2" };
        var body = new MemoryStream();
        context.Response.Body = body;

        await GateProblemJson.WriteAsync(context, StatusCodes.Status429TooManyRequests, "gate_blocked", "Request blocked", "Slow down.", "cart_burst");
        await context.Response.BodyWriter.CompleteAsync();

        Assert.Equal(body.Length, context.Response.ContentLength);
    }

    private static async Task<(int Status, string? ContentType, string Body)> WriteAsync(IServiceProvider services, Func<HttpContext, Task> write)
    {
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "trace-1" };
        var body = new MemoryStream();
        context.Response.Body = body;
        await write(context);
        await context.Response.BodyWriter.FlushAsync();
        await context.Response.Body.FlushAsync();
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }
}
