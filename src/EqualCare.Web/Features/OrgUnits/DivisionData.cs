using System.IO.Compression;
using System.Text;
using EqualCare.Web.Domain;

namespace EqualCare.Web.Features.OrgUnits;

/// <summary>
/// China's statistical division codes (NBS 统计用区划代码, 2023), shipped with the app as five gzip'd CSV files, one per
/// level (DivisionData/README in the repo). Each row is returned as an org unit with its 12-digit code and parent.
/// </summary>
public static class DivisionData
{
    static readonly (string File, int Level)[] Files =
        [("provinces", 1), ("cities", 2), ("areas", 3), ("streets", 4), ("villages", 5)];

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "DivisionData");

    /// <param name="provincePrefix">Two digits, or null for all of China.</param>
    public static IEnumerable<OrgUnit> Read(string? provincePrefix, int maxLevel = 5)
    {
        foreach (var (file, level) in Files)
        {
            if (level > maxLevel) yield break;
            foreach (var unit in ReadFile(file, level, provincePrefix)) yield return unit;
        }
    }

    static IEnumerable<OrgUnit> ReadFile(string file, int level, string? provincePrefix)
    {
        using var stream = new GZipStream(File.OpenRead(Path.Combine(Folder, file + ".csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            var (code, name) = CodeAndName(line);
            if (provincePrefix is not null && !code.StartsWith(provincePrefix, StringComparison.Ordinal)) continue;
            var orgCode = OrgCode.Parse(code);
            yield return new OrgUnit
            {
                Code = orgCode.Value,
                Name = name,
                Level = level,
                ParentCode = level == 1 ? null : code[..OrgCode.DigitsOfLevel(level - 1)].PadRight(OrgCode.Length, '0'),
            };
        }
    }

    /// <summary>The first two columns: a bare code, then a name that is quoted when it holds a comma or a quote.</summary>
    public static (string Code, string Name) CodeAndName(string line)
    {
        var comma = line.IndexOf(',', StringComparison.Ordinal);
        var code = line[..comma];
        var rest = line.AsSpan(comma + 1);
        if (rest.Length == 0 || rest[0] != '"') return (code, rest[..Math.Max(0, rest.IndexOf(','))].ToString());
        var name = new StringBuilder();
        for (var i = 1; i < rest.Length; i++)
        {
            if (rest[i] != '"') { name.Append(rest[i]); continue; }
            if (i + 1 < rest.Length && rest[i + 1] == '"') { name.Append('"'); i++; continue; }
            break;
        }
        return (code, name.ToString());
    }
}
