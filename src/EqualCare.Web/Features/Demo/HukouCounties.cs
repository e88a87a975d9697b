using EqualCare.Web.Features.OrgUnits;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Where the synthetic migrants of Zhengzhou come from: real county codes (GB/T 2260) of the shipped division data,
/// most from Henan's other prefectures, the rest from the neighbouring provinces.
/// </summary>
public sealed class HukouCounties
{
    const string ZhengzhouPrefecture = "4101";

    /// <summary>Shares of the places of origin, in percent: Henan outside Zhengzhou, then the neighbours.</summary>
    public static readonly IReadOnlyDictionary<string, double> ProvinceShares = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["41"] = 62, // 河南
        ["34"] = 8,  // 安徽
        ["37"] = 8,  // 山东
        ["42"] = 7,  // 湖北
        ["13"] = 5,  // 河北
        ["61"] = 5,  // 陕西
        ["14"] = 5,  // 山西
    };

    static readonly Lazy<HukouCounties> FromDivisionData = new(() => new HukouCounties(
        DivisionData.Read(provincePrefix: null, maxLevel: 3).Where(u => u.Level == 3).Select(u => (u.Code[..6], u.Name))));

    /// <summary>The counties of the division data shipped with the app, read once per process.</summary>
    public static HukouCounties Shipped => FromDivisionData.Value;

    readonly WeightedChoice<WeightedChoice<string>> byProvince;

    public HukouCounties(IEnumerable<(string Code, string Name)> counties)
    {
        var eligible = counties.Where(c => IsEligible(c.Code, c.Name)).Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        Codes = eligible;
        byProvince = new WeightedChoice<WeightedChoice<string>>(
            eligible.GroupBy(c => c[..2], StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (WeightedChoice.Uniform(g), ProvinceShares[g.Key])));
    }

    /// <summary>All the county codes a synthetic person may come from, ordered.</summary>
    public IReadOnlyList<string> Codes { get; }

    public string Pick(Random random) => byProvince.Pick(random).Pick(random);

    /// <summary>
    /// A county of the origin provinces, not Zhengzhou itself (these people are migrants to it). Skipped: "市辖区"
    /// placeholders, and the statistical codes 71–79 of development zones (开发区), which are not GB/T 2260 codes and so
    /// never appear in an ID number.
    /// </summary>
    public static bool IsEligible(string code, string name) =>
        code.Length == 6 && ProvinceShares.ContainsKey(code[..2])
        && !code.StartsWith(ZhengzhouPrefecture, StringComparison.Ordinal)
        && name != "市辖区"
        && code[4] != '7';
}
