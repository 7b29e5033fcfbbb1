using System.Text.Json;
using Fairdrop.Exchange.Templates;
using Scriban.Runtime;

namespace Fairdrop.Exchange.Tests.Templates;

/// <summary>A distribution's data converted once is shared by its messages: no template can change it for the next one.</summary>
public sealed class SharedDataTests
{
    private static readonly JsonElement Data = JsonDocument.Parse("""{"title":"Red shoes","nested":{"name":"n"}}""").RootElement;

    [Theory]
    [InlineData("{% assign data.title = 'changed' %}{{ data.title }}", "changed")]
    [InlineData("{{ data.title = 'changed' }}{{ data.title }}", "changed")]
    [InlineData("{% assign data.nested.name = 'changed' %}{{ data.nested.name }}", "changed")]
    public async Task Render_TemplateAssignsToData_SharedDataUnchangedForTheNextMessage(string source, string expected)
    {
        var renderer = new TemplateRenderer();
        var shared = (ScriptObject)TemplateRenderer.FromJson(Data)!;

        var first = await renderer.RenderAsync(source, Scope(shared));
        var next = await renderer.RenderAsync("{{ data.title }} / {{ data.nested.name }}", Scope(shared));

        Assert.Equal(expected, first);
        Assert.Equal("Red shoes / n", next);
        Assert.Equal("Red shoes", shared["title"]);
    }

    [Fact]
    public async Task Render_PlainSubstitution_ReadsTheSharedData()
    {
        var renderer = new TemplateRenderer();
        var shared = (ScriptObject)TemplateRenderer.FromJson(Data)!;
        var copies = 0;
        var scope = TemplateRenderer.Scope(new TemplateModel(new Dictionary<string, object?>(), shared, null), () =>
        {
            copies++;
            return TemplateRenderer.FromJson(Data);
        });

        Assert.Equal("Red shoes is back", await renderer.RenderAsync("{{ data.title }} is back", scope));
        Assert.Equal(0, copies);
        Assert.Equal("RED SHOES", await renderer.RenderAsync("{{ data.title | string.upcase }}", scope));
        Assert.Equal(1, copies);
    }

    private static TemplateScope Scope(ScriptObject shared) =>
        TemplateRenderer.Scope(new TemplateModel(new Dictionary<string, object?>(), shared, null), () => TemplateRenderer.FromJson(Data));
}
