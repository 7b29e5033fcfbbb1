using Spectre.Console;

namespace Fairdrop.Cli.Restock;

/// <summary>Spectre.Console progress bars, one per phase (the text before the colon), for a terminal.</summary>
internal sealed class LiveDemoProgress(ProgressContext context) : IDemoProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public void Step(string description, double percent)
    {
        var phase = description.Split(':')[0];
        if (!_tasks.TryGetValue(phase, out var task))
        {
            task = _tasks[phase] = context.AddTask(Markup.Escape(description));
        }

        task.Description = Markup.Escape(description);
        task.Value = Math.Clamp(percent, 0, 100);
        context.Refresh();
    }
}
