using Fairdrop.Gate.Language;
using Fairdrop.Gate.Language.Syntax;

namespace Fairdrop.Gate.Tests.Language;

public sealed class ParserTests
{
    [Fact]
    public void Parse_IssueRules_YieldsThreeRulesWithModifiers()
    {
        var (file, diagnostics) = RuleCompiler.Parse(Samples.IssueRules);

        Assert.Empty(diagnostics);
        Assert.Equal(["cart_burst", "checkout_flood", "fresh_account_on_drop"], file.Rules.Select(r => r.Name));
        Assert.Equal("add-to-cart faster than a human", file.Rules[0].Description);
        Assert.Equal(TimeSpan.FromSeconds(20), file.Rules[1].Delay);
        Assert.True(file.Rules[2].Shadow);
    }

    [Fact]
    public void Parse_AndBindsTighterThanOr_GroupsAsExpected()
    {
        var (file, _) = RuleCompiler.Parse("rule r when a == 1 or b == 2 and not c == 3 then log");

        Assert.Equal("((a == 1) or ((b == 2) and (not (c == 3))))", SyntaxPrinter.Print(file.Rules[0].Condition));
    }

    [Fact]
    public void Parse_PriorityAndNotIn_AreRead()
    {
        var (file, diagnostics) = RuleCompiler.Parse("rule r priority 7 when method not in [\"GET\", \"HEAD\"] then queue");

        Assert.Empty(diagnostics);
        Assert.Equal(7, file.Rules[0].Priority);
        Assert.Equal("(method not in [\"GET\", \"HEAD\"])", SyntaxPrinter.Print(file.Rules[0].Condition));
    }

    [Fact]
    public void Parse_MissingThen_ReportsLineColumnAndCaret()
    {
        const string text = "rule ok when action == \"login\" then log\n\nrule broken\n  when action == \"checkout\" block\n";

        var (file, diagnostics) = RuleCompiler.Parse(text);

        var error = Assert.Single(diagnostics);
        Assert.Equal(4, error.Line);
        Assert.Equal(29, error.Column);
        Assert.Equal("  when action == \"checkout\" block", error.LineText);
        Assert.Contains("Expected 'then'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(new string(' ', 2 + 28) + "^", error.Format("rules.gate"), StringComparison.Ordinal);
        Assert.Single(file.Rules);
    }

    [Fact]
    public void Parse_TwoBrokenRules_ReportsBothAndRecovers()
    {
        const string text = "rule a when then block\nrule b when x == 1 then explode\nrule c when true then log";

        var (file, diagnostics) = RuleCompiler.Parse(text);

        Assert.Equal(2, diagnostics.Count);
        Assert.Equal([1, 2], diagnostics.Select(d => d.Line));
        Assert.Equal("c", Assert.Single(file.Rules).Name);
    }

    [Fact]
    public void Parse_MisspeltAction_SuggestsNearest()
    {
        var (_, diagnostics) = RuleCompiler.Parse("rule a when true then blok");

        Assert.Equal("block", Assert.Single(diagnostics).Suggestion);
    }

    [Theory]
    [InlineData("rule a when x == 1.2.3 then log", "GATE002")]
    [InlineData("rule a when x < 5parsecs then log", "GATE003")]
    [InlineData("rule a when x < 1000000000000000d then log", "GATE039")]
    [InlineData("rule a when x < 3651d then log", "GATE039")]
    [InlineData("rule a when ip == 300.1.1.1 then log", "GATE004")]
    [InlineData("rule a when x == \"open then log", "GATE005")]
    [InlineData("rule a when x = 1 then log", "GATE001")]
    [InlineData("rule a when x == 1 then delay", "GATE017")]
    public void Parse_BadLiterals_ReportCode(string text, string code)
    {
        var (_, diagnostics) = RuleCompiler.Parse(text);

        Assert.Contains(diagnostics, d => d.Code == code);
    }

    [Fact]
    public void Parse_DeepNesting_IsRejectedNotOverflowed()
    {
        var text = "rule a when " + new string('(', 100_000) + "true" + new string(')', 100_000) + " then log";

        var (_, diagnostics) = RuleCompiler.Parse(text);

        Assert.Contains(diagnostics, d => d.Code == "GATE015");
    }

    [Fact]
    public void Parse_DeepNot_IsRejectedNotOverflowed()
    {
        var text = "rule a when " + string.Concat(Enumerable.Repeat("not ", 100_000)) + "true then log";

        var (_, diagnostics) = RuleCompiler.Parse(text);

        Assert.Contains(diagnostics, d => d.Code == "GATE015");
    }

    [Fact]
    public void Parse_Durations_AreDecoded()
    {
        var (file, _) = RuleCompiler.Parse("rule a when x < 1500ms or x < 2s or x < 1.5m or x < 1h or x < 1d then log");

        var literals = new List<TimeSpan>();
        Collect(file.Rules[0].Condition, literals);
        Assert.Equal([TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(90), TimeSpan.FromHours(1), TimeSpan.FromDays(1)], literals);
    }

    private static void Collect(Expr expr, List<TimeSpan> into)
    {
        switch (expr)
        {
            case LiteralExpr { Value: TimeSpan t }:
                into.Add(t);
                break;
            case BinaryExpr b:
                Collect(b.Left, into);
                Collect(b.Right, into);
                break;
        }
    }
}
