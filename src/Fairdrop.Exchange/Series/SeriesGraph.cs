namespace Fairdrop.Exchange.Series;

/// <summary>The steps of a series as a graph whose edges are its gotos (from replies, free text and timeouts).</summary>
internal static class SeriesGraph
{
    public static IEnumerable<string> Targets(SeriesStep step) =>
        (step.Replies ?? []).SelectMany(r => r.Actions ?? [])
            .Concat(step.FreeText?.Actions ?? [])
            .Concat(step.Timeout?.Actions ?? [])
            .Where(a => a.Type == SeriesActionKinds.Goto && a.Step is not null)
            .Select(a => a.Step!);

    /// <summary>The first step (in definition order) that no path from <paramref name="start"/> reaches, or null.</summary>
    public static string? Unreachable(IReadOnlyDictionary<string, SeriesStep> steps, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in Targets(steps[id]).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        return steps.Keys.FirstOrDefault(id => !seen.Contains(id));
    }

    /// <summary>
    /// A step on a cycle none of whose steps has a timeout, or null. Such a cycle is a strongly connected component
    /// (more than one step, or a step going to itself) of the graph restricted to steps without a timeout.
    /// </summary>
    public static string? LoopWithoutTimeout(IReadOnlyDictionary<string, SeriesStep> steps)
    {
        var untimed = steps.Values.Where(s => s.Timeout is null).ToDictionary(s => s.Id!, s => Targets(s).Where(t => steps[t].Timeout is null).ToList(), StringComparer.Ordinal);

        // A step that can reach itself through steps without a timeout is on such a cycle (at most 50 steps: a search
        // from each is cheap).
        foreach (var id in untimed.Keys)
        {
            if (Reaches(untimed, id, id))
            {
                return id;
            }
        }

        return null;
    }

    private static bool Reaches(Dictionary<string, List<string>> graph, string from, string target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(graph[from]);
        while (stack.TryPop(out var id))
        {
            if (id == target)
            {
                return true;
            }

            if (seen.Add(id))
            {
                foreach (var next in graph[id])
                {
                    stack.Push(next);
                }
            }
        }

        return false;
    }
}
