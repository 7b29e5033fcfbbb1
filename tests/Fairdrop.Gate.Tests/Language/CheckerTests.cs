using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Tests.Language;

public sealed class CheckerTests
{
    [Fact]
    public void Compile_IssueAndMerchantRules_Succeed()
    {
        var compilation = RuleCompiler.Compile(Samples.IssueRules + "\n" + Samples.MerchantRules);

        Assert.True(compilation.Success, compilation.Format("rules"));
        Assert.Equal(7, compilation.RuleSet!.Rules.Count);
        Assert.Empty(compilation.Diagnostics);
    }

    [Fact]
    public void Compile_SharedActivityQuestions_AreAskedOnce()
    {
        var compilation = RuleCompiler.Compile("""
            rule a when count("checkout", ip, 1m) > 5 then log
            rule b when count("checkout", ip, 1m) > 50 then block
            rule c when count("checkout", ip, 2m) > 50 then block
            """);

        Assert.Equal(2, compilation.RuleSet!.Queries.Count);
    }

    [Theory]
    [InlineData("rule a when since_last(\"add_to_cart\", customer) < 1 then block", "Cannot compare a duration with a number. Write durations with a unit")]
    [InlineData("rule a when count(\"checkout\", ip, 1m) > 1s then block", "Cannot compare a number with a duration")]
    [InlineData("rule a when action < \"x\" then block", "'<' needs numbers or durations")]
    [InlineData("rule a when action and true then block", "Expected a condition here")]
    [InlineData("rule a when count(\"checkout\", ip) > 1 then block", "'count' takes 3 arguments, not 2")]
    [InlineData("rule a when count(\"checkout\", visitor, 1m) > 1 then block", "Expected an identity")]
    [InlineData("rule a when count(\"checkout\", ip, 2h) > 1 then block", "at most the activity horizon")]
    [InlineData("rule a when action then block", "must be a condition")]
    [InlineData("rule a when ip in [\"not-an-ip\"] then block", "Expected an IP address")]
    [InlineData("rule a when customer.orders in [1, 2] then block", "'in' works on strings and ip")]
    [InlineData("rule a when true then log\nrule a when true then block", "already exists")]
    [InlineData("rule a when customer > 1 then block", "is an identity")]
    public void Compile_TypeErrors_AreReportedWithoutRuleSet(string text, string message)
    {
        var compilation = RuleCompiler.Compile(text);

        Assert.False(compilation.Success);
        Assert.Contains(compilation.Errors, d => d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_MisspeltField_SuggestsNearestAndPointsAtIt()
    {
        var compilation = RuleCompiler.Compile("rule a\n  when product.limited and custmer.age < 1h\n  then challenge");

        var error = Assert.Single(compilation.Errors);
        Assert.Equal("customer.age", error.Suggestion);
        Assert.Equal((2, 28), (error.Line, error.Column));
        Assert.Contains("did you mean 'customer.age'?", error.Format("f"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UnknownActionName_WarnsButCompiles()
    {
        var compilation = RuleCompiler.Compile("rule a when since_last(\"add_to_crat\", customer) < 1s then block");

        Assert.True(compilation.Success);
        Assert.Equal("add_to_cart", Assert.Single(compilation.Diagnostics).Suggestion);
    }

    [Fact]
    public void Compile_BacktrackingOnlyRegex_IsRejected()
    {
        var compilation = RuleCompiler.Compile("rule a when user_agent matches \"(a+)\\\\1\" then block");

        Assert.Contains(compilation.Errors, d => d.Message.Contains("backreferences", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_InvalidRegex_IsRejected()
    {
        var compilation = RuleCompiler.Compile("rule a when user_agent matches \"([\" then block");

        Assert.Contains(compilation.Errors, d => d.Message.Contains("Invalid regular expression", StringComparison.Ordinal));
    }
}
