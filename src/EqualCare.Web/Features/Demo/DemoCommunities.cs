using System.Data.Common;
using Dapper;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.OrgUnits;
using EqualCare.Web.Features.Setup;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// The communities (level 5) of the demo streets, where the synthetic persons live. 祥和社区 and 中原社区 get the largest
/// shares because the demo community accounts work there.
/// </summary>
public sealed class DemoCommunities
{
    const double XiangheShare = 0.20;
    const double ZhongyuanShare = 0.15;

    readonly WeightedChoice<string> choice;

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

    public IReadOnlyList<string> Codes { get; }

    public string Pick(Random random) => choice.Pick(random);

    static IEnumerable<string> StreetPrefixes => DemoAccounts.DemoStreets.Select(s => s[..OrgCode.DigitsOfLevel(4)]);

    /// <summary>From org_units when the demo streets are loaded there, otherwise from the shipped division data.</summary>
    public static async Task<DemoCommunities> LoadAsync(DbConnection connection, CancellationToken ct)
    {
        var codes = new List<string>();
        foreach (var prefix in StreetPrefixes)
        {
            // A range over the padded codes, so that the primary key index answers it (DESIGN: scope is a prefix range).
            var found = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT code FROM org_units WHERE level = 5 AND code > @from AND code <= @to ORDER BY code",
                new { from = prefix + "000", to = prefix + "999" }, cancellationToken: ct));
            codes.AddRange(found);
        }
        return codes.Count > 0 ? new DemoCommunities(codes) : FromDivisionData();
    }

    public static DemoCommunities FromDivisionData()
    {
        var prefixes = StreetPrefixes.ToList();
        var provinces = prefixes.Select(p => p[..2]).Distinct(StringComparer.Ordinal);
        return new DemoCommunities(provinces
            .SelectMany(p => DivisionData.Read(p))
            .Where(u => u.Level == 5 && prefixes.Any(p => u.Code.StartsWith(p, StringComparison.Ordinal)))
            .Select(u => u.Code));
    }
}
