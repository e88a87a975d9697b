using System.Data.Common;
using Dapper;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.OrgUnits;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// The communities (level 5) where the synthetic persons live. A small demo stays in the two demo streets, with the
/// largest shares for 祥和社区 and 中原社区 because the demo community accounts work there. A large run spreads out over the
/// urban districts of 郑州 so that a community holds about <see cref="PersonsPerCommunity"/> migrants, as real ones do
/// (a community typically has 1,000–5,000): the demo streets' communities first, then the others district by district in
/// turn, each with its own size between 0.4 and 2 times the average.
/// </summary>
public sealed class DemoCommunities
{
    const double XiangheShare = 0.20;
    const double ZhongyuanShare = 0.15;

    /// <summary>The average number of persons per community a large run aims at.</summary>
    public const int PersonsPerCommunity = 2500;

    /// <summary>郑州's urban districts and development zones (中原、二七、管城、金水、上街、惠济, 经开、高新、郑东新区).</summary>
    public static readonly IReadOnlyList<string> UrbanDistricts =
        ["410102", "410103", "410104", "410105", "410106", "410108", "410171", "410172", "410173"];

    readonly WeightedChoice<string> choice;

    /// <summary>The demo streets' communities with the shares of the demo accounts' communities.</summary>
    public DemoCommunities(IEnumerable<string> communityCodes)
    {
        var codes = communityCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (codes.Count == 0) throw new InvalidOperationException("No communities found under the demo streets.");
        Codes = codes;
        var others = codes.Count(c => c is not DemoAccounts.Xianghe and not DemoAccounts.Zhongyuan);
        var rest = 1.0 - (codes.Contains(DemoAccounts.Xianghe) ? XiangheShare : 0) - (codes.Contains(DemoAccounts.Zhongyuan) ? ZhongyuanShare : 0);
        choice = new WeightedChoice<string>(codes.Select(c => (c, c switch
        {
            DemoAccounts.Xianghe => XiangheShare,
            DemoAccounts.Zhongyuan => ZhongyuanShare,
            _ => rest / Math.Max(1, others),
        })));
    }

    DemoCommunities(IReadOnlyList<(string Code, double Weight)> weighted)
    {
        Codes = weighted.Select(w => w.Code).Order(StringComparer.Ordinal).ToList();
        choice = new WeightedChoice<string>(weighted);
    }

    public IReadOnlyList<string> Codes { get; }

    public string Pick(Random random) => choice.Pick(random);

    static IEnumerable<string> StreetPrefixes => DemoAccounts.DemoStreets.Select(s => s[..OrgCode.DigitsOfLevel(4)]);

    /// <summary>
    /// The communities for <paramref name="persons"/> persons: the demo streets while they hold no more than
    /// <see cref="PersonsPerCommunity"/> on average, otherwise as many urban communities as that average asks for.
    /// </summary>
    /// <param name="urban">Every community of the urban districts, the demo streets' included.</param>
    public static DemoCommunities For(int persons, IReadOnlyCollection<string> urban)
    {
        var prefixes = StreetPrefixes.ToList();
        var demo = urban.Where(c => prefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        var wanted = (int)Math.Ceiling(persons / (double)PersonsPerCommunity);
        if (wanted <= demo.Count) return new DemoCommunities(demo);

        var chosen = new List<string>(demo);
        var taken = demo.ToHashSet(StringComparer.Ordinal);
        var byDistrict = UrbanDistricts
            .Select(d => new Queue<string>(urban.Where(c => c.StartsWith(d, StringComparison.Ordinal) && !taken.Contains(c)).Order(StringComparer.Ordinal)))
            .ToList();
        while (chosen.Count < wanted && byDistrict.Any(q => q.Count > 0))
            foreach (var queue in byDistrict)
                if (chosen.Count < wanted && queue.TryDequeue(out var code)) chosen.Add(code);
        return new DemoCommunities(chosen.Select(c => (c, SizeFactor(c))).ToList());
    }

    /// <summary>A community's size relative to the average, 0.4–2.0, fixed by its code so that every run agrees.</summary>
    public static double SizeFactor(string code)
    {
        // FNV-1a: string.GetHashCode differs between processes.
        var hash = 2166136261u;
        foreach (var ch in code) hash = (hash ^ ch) * 16777619u;
        return 0.4 + 1.6 * (hash % 10_000) / 10_000.0;
    }

    /// <summary>From org_units when the urban districts are loaded there, otherwise from the shipped division data.</summary>
    public static async Task<DemoCommunities> LoadAsync(DbConnection connection, int persons, CancellationToken ct)
    {
        var codes = new List<string>();
        foreach (var district in UrbanDistricts)
        {
            // A range over the padded codes, so that the primary key index answers it (docs/design.md §Scope: scope is a prefix range).
            var found = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT code FROM org_units WHERE level = 5 AND code > @from AND code <= @to ORDER BY code",
                new { from = district + "000000", to = district + "999999" }, cancellationToken: ct));
            codes.AddRange(found);
        }
        var prefixes = StreetPrefixes.ToList();
        return codes.Any(c => prefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal))) ? For(persons, codes) : FromDivisionData(persons);
    }

    public static DemoCommunities FromDivisionData(int persons = 0) => For(persons, UrbanCommunitiesOfDivisionData.Value);

    static readonly Lazy<IReadOnlyCollection<string>> UrbanCommunitiesOfDivisionData = new(() => DivisionData.Read("41")
        .Where(u => u.Level == 5 && UrbanDistricts.Any(d => u.Code.StartsWith(d, StringComparison.Ordinal)))
        .Select(u => u.Code).ToList());
}
