using Scriban.Runtime;

namespace Fairdrop.Exchange.Templates;

/// <summary>A <see cref="TemplateModel"/> converted for the engine once and shared by the templates of one message.</summary>
internal sealed class TemplateScope(ScriptObject globals)
{
    public ScriptObject Globals { get; } = globals;
}
