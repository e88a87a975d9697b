namespace EqualCare.Web.Features.Demo;

/// <summary>Picks items with given relative weights: cumulative sums and a binary search, so a pick costs O(log n).</summary>
public sealed class WeightedChoice<T>
{
    readonly T[] items;
    readonly double[] cumulative;

    public WeightedChoice(IEnumerable<(T Item, double Weight)> weighted)
    {
        var list = weighted.Where(w => w.Weight > 0).ToList();
        if (list.Count == 0) throw new ArgumentException("At least one item with a positive weight is needed.", nameof(weighted));
        items = list.Select(w => w.Item).ToArray();
        cumulative = new double[list.Count];
        var sum = 0.0;
        for (var i = 0; i < list.Count; i++) cumulative[i] = sum += list[i].Weight;
    }

    public IReadOnlyList<T> Items => items;

    public T Pick(Random random)
    {
        var x = random.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        // BinarySearch returns the complement of the first larger element when x is not an exact cumulative sum.
        if (i < 0) i = ~i;
        return items[Math.Min(i, items.Length - 1)];
    }
}

public static class WeightedChoice
{
    public static WeightedChoice<T> Uniform<T>(IEnumerable<T> items) => new(items.Select(i => (i, 1.0)));
}
