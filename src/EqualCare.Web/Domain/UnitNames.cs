namespace EqualCare.Web.Domain;

/// <summary>
/// The name a worker calls her unit by: 祥和社区 for the register's 祥和社区居民委员会, 前营村 for 前营村村民委员会 (GB/T 2260
/// and the NBS 统计用区划代码 name the committee; workers, notices and the issue name the community or village).
/// </summary>
public static class UnitNames
{
    public static string Spoken(string name)
    {
        foreach (var (suffix, keep) in Suffixes)
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
                return name[..^suffix.Length] + keep;
        return name;
    }

    static readonly (string Suffix, string Keep)[] Suffixes =
    [
        ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居民委员会", "社区"), ("居委会", "社区"),
        ("村村民委员会", "村"), ("村民委员会", "村"), ("村村委会", "村"), ("村委会", "村"),
    ];
}
