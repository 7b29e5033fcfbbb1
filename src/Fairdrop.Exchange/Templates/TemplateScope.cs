using Scriban.Runtime;

namespace Fairdrop.Exchange.Templates;

/// <summary>
/// A <see cref="TemplateModel"/> converted for the engine once and shared by the templates of one message.
/// <see cref="Globals"/> may hold a distribution's data shared by every message of a batch: the plain-substitution
/// fast path only reads it. Scriban gets <see cref="EngineGlobals"/>, with data of its own, since a template can
/// assign to <c>data.x</c> and must not change what the next recipient sees.
/// </summary>
internal sealed class TemplateScope(ScriptObject globals, Func<ScriptObject>? engineGlobals = null)
{
    private ScriptObject? _engine;

    public ScriptObject Globals { get; } = globals;

    public ScriptObject EngineGlobals => _engine ??= engineGlobals?.Invoke() ?? Globals;
}
