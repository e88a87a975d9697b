using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// Plausible contact details for the demo streets and their communities, so that demo notices print an address and a phone:
/// the office in the community's own neighbourhood committee (居委会) building, a 0371 (郑州) landline, the usual office hours.
/// Fixed by each unit's code, so every run agrees; a unit whose details an office already set is left alone.
/// </summary>
public static class DemoUnitContacts
{
    static readonly string[] Roads = ["大学路", "兴华南街", "长江路", "淮河路", "政通路", "汝河路", "陇海中路", "东风路", "文化路", "经三路", "优胜南路"];

    public const string OfficeHours = "周一至周五 8:30–12:00，14:30–17:30";

    public static async Task EnsureAsync(EqualCareDb db, CancellationToken ct)
    {
        var prefixes = DemoAccounts.DemoStreets.Select(s => OrgCode.Parse(s)).ToList();
        var units = new List<OrgUnit>();
        foreach (var street in prefixes)
            units.AddRange(await db.OrgUnits.WithinOrg(o => o.Code, street).Where(o => o.Address == null && o.Phone == null).ToListAsync(ct));
        if (units.Count == 0) return;
        var districts = prefixes.Select(p => p.Value[..6].PadRight(OrgCode.Length, '0')).Distinct().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(o => districts.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        foreach (var unit in units) Fill(unit, names);
        await db.SaveChangesAsync(ct);
    }

    static void Fill(OrgUnit unit, IReadOnlyDictionary<string, string> names)
    {
        var n = int.Parse(unit.Code.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
        var district = names.GetValueOrDefault(unit.Code[..6].PadRight(OrgCode.Length, '0'), "");
        var road = Roads[n % Roads.Length];
        var number = 10 + n * 37 % 190;
        // Division names are formal (祥和社区居民委员会, 大学路街道办事处); an address uses the short name people know.
        var name = unit.Name.Replace("居民委员会", "", StringComparison.Ordinal).Replace("办事处", "", StringComparison.Ordinal);
        unit.Address = unit.Level == 5
            ? $"郑州市{district}{road}{number}号 {name}居委会一楼"
            : $"郑州市{district}{road}{number}号 {name}办事处三楼计生办";
        unit.Phone = $"0371-6{6 + n % 3}{n * 7919 % 1_000_000:D6}";
        unit.OfficeHours = OfficeHours;
    }
}
