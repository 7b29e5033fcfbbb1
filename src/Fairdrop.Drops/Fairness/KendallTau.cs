namespace Fairdrop.Drops.Fairness;

/// <summary>
/// Kendall's tau-a between two rankings without ties, in O(n log n) by counting inversions with a merge
/// sort (Knight's method): 1 when the second ranking keeps the first's order, -1 when it reverses it,
/// near 0 when it is unrelated to it.
/// </summary>
internal static class KendallTau
{
    public static double Compute(IReadOnlyList<(long X, long Y)> pairs)
    {
        var n = pairs.Count;
        if (n < 2)
        {
            return 0;
        }

        var ys = pairs.OrderBy(p => p.X).Select(p => p.Y).ToArray();
        var inversions = CountInversions(ys, new long[n], 0, n);
        var total = (double)n * (n - 1) / 2;
        return 1 - (2 * inversions / total);
    }

    private static long CountInversions(long[] values, long[] scratch, int from, int to)
    {
        if (to - from < 2)
        {
            return 0;
        }

        var middle = (from + to) / 2;
        var count = CountInversions(values, scratch, from, middle) + CountInversions(values, scratch, middle, to);
        int left = from, right = middle, write = from;
        while (left < middle && right < to)
        {
            if (values[left] <= values[right])
            {
                scratch[write++] = values[left++];
            }
            else
            {
                count += middle - left;
                scratch[write++] = values[right++];
            }
        }

        while (left < middle)
        {
            scratch[write++] = values[left++];
        }

        while (right < to)
        {
            scratch[write++] = values[right++];
        }

        Array.Copy(scratch, from, values, from, to - from);
        return count;
    }
}
