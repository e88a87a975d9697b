using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Features.OrgUnits;

namespace EqualCare.Web.Features.IdNumbers;

/// <summary>
/// The county codes an ID number's first six digits are checked against, with their full names (省 市 县). Current codes
/// come from the shipped division data; historical codes (retired since GB/T 2260-1980) from DivisionData/historical-areas.csv
/// when present. Loaded once; all of China's counties are about 3,000 rows.
/// </summary>
public sealed class AreaCodeDirectory
{
    readonly FrozenDictionary<string, string> current;
    readonly FrozenDictionary<string, string> historical;

    public AreaCodeDirectory()
    {
        var provinces = ReadNames("provinces");
        var cities = ReadNames("cities");
        current = ReadNames("areas").ToFrozenDictionary(
            kv => kv.Key,
            kv => FullName(provinces.GetValueOrDefault(kv.Key[..2]), cities.GetValueOrDefault(kv.Key[..4]), kv.Value));
        var historicalFile = Path.Combine(DivisionData.Folder, "historical-areas.csv");
        historical = File.Exists(historicalFile)
            ? File.ReadLines(historicalFile, Encoding.UTF8).Skip(1).Select(DivisionData.CodeAndName)
                .Where(x => !current.ContainsKey(x.Code)).ToFrozenDictionary(x => x.Code, x => x.Name)
            : FrozenDictionary<string, string>.Empty;
    }

    public AreaCodeStatus Status(string areaCode) =>
        current.ContainsKey(areaCode) ? AreaCodeStatus.Current
        : historical.ContainsKey(areaCode) ? AreaCodeStatus.Historical
        : AreaCodeStatus.Unknown;

    /// <summary>"河南省 周口市 淮阳区", or null for an unknown code.</summary>
    public string? Name(string? areaCode) =>
        areaCode is null ? null : current.GetValueOrDefault(areaCode) ?? historical.GetValueOrDefault(areaCode);

    static string FullName(string? province, string? city, string county)
    {
        // Municipalities list 市辖区 as their "city": 北京市 东城区 reads better than 北京市 市辖区 东城区.
        var parts = new[] { province, city is "市辖区" or "县" ? null : city, county };
        return string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
    }

    static Dictionary<string, string> ReadNames(string file)
    {
        using var stream = new GZipStream(File.OpenRead(Path.Combine(DivisionData.Folder, file + ".csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        reader.ReadLine();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var (code, name) = DivisionData.CodeAndName(line);
            names[code] = name;
        }
        return names;
    }
}
