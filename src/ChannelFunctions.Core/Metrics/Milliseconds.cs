namespace ChannelFunctions.Core.Metrics;

/// <summary>
/// Sums and means of figures in milliseconds, as the agent and centre figures take them. Summed as whole ticks, so
/// the result does not depend on the order the conversations come in.
/// </summary>
internal static class Milliseconds
{
    /// <summary>A sum that is decided only when every term is; 0 for no terms.</summary>
    public static double? Sum(IEnumerable<double?> terms)
    {
        var ticks = 0L;
        foreach (var term in terms)
        {
            if (term is not { } value)
            {
                return null;
            }

            ticks += Ticks(value);
        }

        return ticks / (double)TimeSpan.TicksPerMillisecond;
    }

    /// <summary>The mean of the decided values, not rounded; <c>null</c> when none is.</summary>
    public static double? Mean(IEnumerable<double?> values)
    {
        var (ticks, count) = (0L, 0);
        foreach (var value in values.OfType<double>())
        {
            ticks += Ticks(value);
            count++;
        }

        return count == 0 ? null : ticks / (double)TimeSpan.TicksPerMillisecond / count;
    }

    /// <summary><paramref name="part"/> of <paramref name="whole"/>, from 0 to 1; <c>null</c> when the whole is 0.</summary>
    public static double? Rate(int part, int whole) => whole == 0 ? null : part / (double)whole;

    private static long Ticks(double milliseconds) => (long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond);
}
