using System.Text.Json;
using CsCheck;
using Fairdrop.Exchange.Templates;

namespace Fairdrop.Exchange.Tests.Templates;

/// <summary>The plain-substitution fast path prints exactly what Scriban prints, or steps aside.</summary>
public sealed class SubstitutionTemplateTests
{
    private static readonly string[] Paths =
    [
        "data.title", "data.count", "data.flag", "data.missing", "data.price", "data.sizes", "data.nested.name",
        "recipient.externalId", "recipient.email", "recipient.attributes.tier", "recipient.attributes", "unsubscribe_url",
        "unsubscribe_url.size", "data.title.size",
    ];

    private static readonly TemplateScope Scope = TemplateRenderer.Scope(new TemplateModel(
        new Dictionary<string, object?>
        {
            ["externalId"] = "shopper-7",
            ["email"] = null,
            ["attributes"] = TemplateRenderer.FromJson(JsonDocument.Parse("""{"tier":"gold"}""").RootElement),
        },
        TemplateRenderer.FromJson(JsonDocument.Parse("""{"title":"Red <b>shoes</b> & co","count":3,"flag":true,"price":19.50,"sizes":[40,41],"nested":{"name":"n"}}""").RootElement),
        "https://shop.example/u/abc"));

    [Theory]
    [InlineData("Hi {{ recipient.externalId }}, {{ data.title }} is back", true)]
    [InlineData("{{data.count}} left", true)]
    [InlineData("No variables at all", true)]
    [InlineData("{% if data.flag %}yes{% endif %}", false)]
    [InlineData("{{ data.title | upcase }}", false)]
    [InlineData("{{- data.title -}}", false)]
    [InlineData("{{ product }}", false)]
    [InlineData("{{ data.title }} }} stray", false)]
    [InlineData("{{{ data.title }}", false)]
    public void TryParse_Shapes_OnlyPlainSubstitutionsQualify(string source, bool qualifies) =>
        Assert.Equal(qualifies, SubstitutionTemplate.TryParse(source) is not null);

    [Fact]
    public void TryRender_NonScalarOrMemberOfAString_StepsAsideForScriban()
    {
        Assert.Null(SubstitutionTemplate.TryParse("{{ data.sizes }}")!.TryRender(Scope.Globals));
        Assert.Null(SubstitutionTemplate.TryParse("{{ data.price }}")!.TryRender(Scope.Globals));
        Assert.Null(SubstitutionTemplate.TryParse("{{ unsubscribe_url.size }}")!.TryRender(Scope.Globals));
    }

    [Fact]
    public async Task Render_RandomPlainTemplates_SameTextAsScriban()
    {
        var renderer = new TemplateRenderer();
        var literal = Gen.Char["ab <>/\"'&é\n{}%-"].Array[0, 12].Select(c => new string(c));
        var template = Gen.Select(literal, Gen.Int[0, Paths.Length - 1], Gen.Bool)
            .Array[0, 6]
            .Select(parts => string.Concat(parts.Select(p => p.Item1 + (p.Item3 ? $"{{{{ {Paths[p.Item2]} }}}}" : $"{{{{{Paths[p.Item2]}}}}}"))));
        var fast = 0;
        await template.SampleAsync(async source =>
        {
            if (Scriban.Template.ParseLiquid(source).HasErrors)
            {
                // Such a template is refused when the distribution is created; the fast path must not accept it either.
                Assert.Null(SubstitutionTemplate.TryParse(source));
                return;
            }

            var viaFastPath = await renderer.RenderAsync(source, Scope);
            var viaScriban = await renderer.RenderWithEngineAsync(source, Scope);
            Assert.Equal(viaScriban, viaFastPath);
            fast += SubstitutionTemplate.TryParse(source)?.TryRender(Scope.Globals) is null ? 0 : 1;
        }, iter: 2_000);

        Assert.True(fast > 100, $"only {fast} samples took the fast path");
    }
}
