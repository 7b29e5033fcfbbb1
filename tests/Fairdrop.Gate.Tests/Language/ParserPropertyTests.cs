using System.Globalization;
using CsCheck;
using Fairdrop.Gate.Language;

namespace Fairdrop.Gate.Tests.Language;

public sealed class ParserPropertyTests
{
    private const string Alphabet = "rulewhenthnadoisc_xyz0123456789 .,()[]\"\\=!<>#\n\tmsh/:-+*";

    private static readonly string[] Words =
    [
        "rule", "when", "then", "and", "or", "not", "in", "matches", "shadow", "priority", "block", "delay", "log",
        "action", "ip", "customer", "since_last", "count", "(", ")", "[", "]", ",", "==", "<", ">=", "\"x\"", "1s", "5",
        "10.0.0.0/8", "\"", ".", "#", "\n", "true",
    ];

    [Fact]
    public void Compile_RandomCharacters_NeverThrows()
    {
        Gen.String[Gen.Char[Alphabet], 0, 300].Sample(text =>
        {
            var compilation = Run(text);
            Assert.True(compilation.Success || compilation.Errors.Any());
        }, iter: 3_000);
    }

    [Fact]
    public void Compile_RandomTokenSoup_NeverThrowsAndReportsPositionsInsideText()
    {
        Gen.Int[0, Words.Length - 1].Select(i => Words[i]).Array[0, 80].Sample(tokens =>
        {
            var text = string.Join(' ', tokens);
            var compilation = Run(text);
            var lines = text.Split('\n').Length;
            Assert.All(compilation.Diagnostics, d => Assert.InRange(d.Line, 1, lines));
        }, iter: 3_000);
    }

    [Fact]
    public void Print_RandomTrees_RoundTripsThroughParser()
    {
        Gen.Int.Sample(seed =>
        {
            var text = "rule generated when " + RandomExpr(new Random(seed), 4) + " then log";
            var (first, errors) = RuleCompiler.Parse(text);
            Assert.Empty(errors);
            var printed = SyntaxPrinter.Print(first);
            var (second, again) = RuleCompiler.Parse(printed);
            Assert.Empty(again);
            Assert.Equal(printed, SyntaxPrinter.Print(second));
        }, iter: 2_000);
    }

    [Fact]
    public async Task Compile_HugeHostileInput_Completes()
    {
        var text = string.Concat(Enumerable.Repeat("rule r when ((((\"a\" matches \"(a+)+$\" or [[[[ then ", 5_000));

        var compilation = await Task.Run(() => Run(text)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.False(compilation.Success);
    }

    private static RuleCompilation Run(string text) => RuleCompiler.Compile(text);

    private static string RandomExpr(Random random, int depth)
    {
        if (depth == 0 || random.Next(3) == 0)
        {
            return random.Next(6) switch
            {
                0 => "action == \"add_to_cart\"",
                1 => "since_last(\"checkout\", customer) < " + random.Next(1, 5000).ToString(CultureInfo.InvariantCulture) + "ms",
                2 => "count(\"login\", ip, 1m) > " + random.Next(0, 100).ToString(CultureInfo.InvariantCulture),
                3 => "ip in [10.0.0.0/8, \"::1\"]",
                4 => "user_agent matches \"bot\\\\d\"",
                _ => random.Next(2) == 0 ? "true" : "product.limited",
            };
        }

        return random.Next(3) switch
        {
            0 => "(" + RandomExpr(random, depth - 1) + " and " + RandomExpr(random, depth - 1) + ")",
            1 => RandomExpr(random, depth - 1) + " or " + RandomExpr(random, depth - 1),
            _ => "not " + RandomExpr(random, depth - 1),
        };
    }
}
