namespace EqualCare.Web.Domain.Comparison;

/// <summary>
/// Characters of given names that sound exactly alike (same pinyin and tone, 《现代汉语词典》) and are swapped when a name is
/// written down from speech: an agency clerk hears "lì" and writes 丽 where the case has 莉. DOMAIN.md names no table of
/// its own (it lists pinyin initials as a search key, §2.3), so this one is kept small and exact: only characters frequent in
/// names, only identical readings. A homophone makes a candidate for a person to confirm, never a match by itself.
/// </summary>
public static class Homophones
{
    static readonly string[] Groups =
    [
        "玲苓铃伶龄翎", "林琳霖淋临麟", "静婧靖敬", "晶菁精京经", "丽莉俐利立力历", "红虹宏鸿洪弘", "芳方", "燕艳雁彦",
        "伟玮炜苇", "华桦骅", "霞侠", "梅玫媒眉", "英瑛鹰莺樱", "军君钧均", "明铭鸣", "峰锋丰风枫", "杰洁婕捷",
        "玉钰毓煜昱育", "新欣鑫馨心", "志智治", "涛韬", "龙隆",
    ];

    static readonly Dictionary<char, int> GroupOf = Build();

    static Dictionary<char, int> Build()
    {
        var map = new Dictionary<char, int>();
        for (var g = 0; g < Groups.Length; g++)
            foreach (var c in Groups[g]) map[c] = g;
        return map;
    }

    /// <summary>Whether two different characters read the same in the table.</summary>
    public static bool Alike(char a, char b) =>
        a != b && GroupOf.TryGetValue(a, out var x) && GroupOf.TryGetValue(b, out var y) && x == y;
}
