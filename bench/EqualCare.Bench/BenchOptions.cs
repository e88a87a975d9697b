using System.Globalization;

namespace EqualCare.Bench;

/// <summary><c>--persons N</c> and <c>--seed S</c>; any other <c>--Key=value</c> goes on to the configuration.</summary>
sealed record BenchOptions(int Persons, int Seed, string[] ConfigurationArgs)
{
    public const int DefaultSeed = 2016;

    public static BenchOptions Parse(string[] args)
    {
        var persons = 0;
        var seed = DefaultSeed;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            if (args[i] == "--persons" && hasValue) persons = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--seed" && hasValue) seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else rest.Add(args[i]);
        }
        return new BenchOptions(persons, seed, rest.ToArray());
    }
}
