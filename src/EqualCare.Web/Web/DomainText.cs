using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EqualCare.Web.Web;

/// <summary>
/// What the system itself writes, in the user's language. Domain stays pure and names things in Chinese (the office's
/// language and the zh-CN text); this Web-side table gives the English for each of those names — service and item names,
/// vaccine doses, visit contacts, exemption reasons, outcomes, operations, activity kinds, units, statuses and periods
/// ("2026年第2季度" → "2026 Q2"). A Chinese UI gets the text unchanged. A name with no English entry is returned as it is, so a
/// missing entry shows as Chinese rather than as a code; a unit test walks every name Domain produces and checks the English.
/// </summary>
public static partial class DomainText
{
    public static bool English => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);

    /// <summary>The text in the current UI language (unchanged in Chinese).</summary>
    public static string Of(string? chinese) => chinese is null ? "" : English ? ToEnglish(chinese) : chinese;

    /// <summary>The one of two names (Chinese, English) a definition carries that fits the current UI language.</summary>
    public static string Pick(string chinese, string english) => English ? english : chinese;

    /// <summary>The English of a name the system writes in Chinese; composed names ("乙肝疫苗 第1剂", "新到未完善：联系电话、避孕措施") part by part.</summary>
    public static string ToEnglish(string chinese)
    {
        var text = chinese.Trim();
        if (text.Length == 0 || !HasCjk(text)) return chinese;
        if (Phrases.TryGetValue(text, out var exact)) return exact;

        if (Dose().Match(text) is { Success: true } dose) return $"{ToEnglish(dose.Groups[1].Value)} dose {dose.Groups[2].Value}";
        if (Quarter().Match(text) is { Success: true } q) return $"{q.Groups[1].Value} Q{q.Groups[2].Value}";
        if (Month().Match(text) is { Success: true } m)
            return new DateOnly(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), 1)
                .ToString("MMM yyyy", CultureInfo.InvariantCulture);
        if (Year().Match(text) is { Success: true } y) return y.Groups[1].Value;
        if (StatYear().Match(text) is { Success: true } sy) return $"statistical year {sy.Groups[1].Value}";
        if (AgeMonths().Match(text) is { Success: true } am) return $"{am.Groups[1].Value} months";
        if (AgeYears().Match(text) is { Success: true } ay) return $"{ay.Groups[1].Value} years";
        if (AntenatalVisit().Match(text) is { Success: true } av) return $"antenatal visit {av.Groups[1].Value}";
        if (PregnancyWeeks().Match(text) is { Success: true } pw) return $"{pw.Groups[1].Value} weeks pregnant";
        if (LeaveDays().Match(text) is { Success: true } ld) return $"{ld.Groups[1].Value} days' leave";
        if (DoseOnly().Match(text) is { Success: true } d) return $"dose {d.Groups[1].Value}";
        // The planned days of a catch-up plan (CatchUpPlan: "M月d日", or "yyyy年M月d日" outside the current year).
        if (DayOfMonth().Match(text) is { Success: true } dm)
            return new DateOnly(dm.Groups[1].Success ? int.Parse(dm.Groups[1].Value, CultureInfo.InvariantCulture) : 2000,
                    int.Parse(dm.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(dm.Groups[3].Value, CultureInfo.InvariantCulture))
                .ToString(dm.Groups[1].Success ? "d MMM yyyy" : "d MMM", CultureInfo.InvariantCulture);

        // A name with a note in brackets ("卡介苗 第1剂（需先做TB-PPD或BCG-PPD试验，阴性者补种）"): the name, then the note.
        if (Noted().Match(text) is { Success: true } noted)
            return $"{ToEnglish(noted.Groups[1].Value)} ({ToEnglish(noted.Groups[2].Value)})";
        foreach (var (prefix, english) in Prefixes)
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return english + ToEnglish(text[prefix.Length..]);
        foreach (var (suffix, english) in Suffixes)
            if (text.EndsWith(suffix, StringComparison.Ordinal) && text.Length > suffix.Length) return ToEnglish(text[..^suffix.Length]) + english;
        foreach (var (separator, english) in Separators)
        {
            var parts = text.Split(separator);
            if (parts.Length > 1) return string.Join(english, parts.Select(ToEnglish));
        }
        return chinese;
    }

    public static bool HasCjk(string text) => text.Any(IsCjk);

    /// <summary>Han ideographs and the full-width punctuation that comes with them.</summary>
    public static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\u3000' and <= '\u303f'
        or >= '\uff00' and <= '\uffef';

    static readonly (string Prefix, string English)[] Prefixes =
    [
        ("新到未完善：", "New arrival, incomplete: "),
        ("已过补种年龄不再补种：", "past the catch-up age, not given: "),
        ("补种：", "Catch-up: "),
        ("补种", "Catch-up "),
    ];

    static readonly (string Suffix, string English)[] Suffixes =
    [
        ("（补检）", " (catch-up check)"),
        ("（补种）", " (catch-up)"),
    ];

    // Widest first: a catch-up plan separates its planned and its dropped doses with "；", the doses with "、", a dose from its
    // day with a space; a dose's note ("…试验，阴性者补种") holds a "，" and stays whole until the note is translated.
    static readonly (string Separator, string English)[] Separators = [("；", "; "), ("、", ", "), (" ", " "), ("，", ", ")];

    static readonly FrozenDictionary<string, string> Phrases = new Dictionary<string, string>
    {
        // Services (ServiceNames) and local-rule items (RuleNames).
        ["建立健康档案"] = "Health record",
        ["预防接种"] = "Immunisation",
        ["建立预防接种档案"] = "Immunisation record",
        ["儿童健康检查"] = "Child health check",
        ["孕产妇健康管理"] = "Maternal care",
        ["康检（查环查孕查病）"] = "Women's check-up (IUD, pregnancy, disease)",
        ["康检"] = "Women's check-up",
        ["妇科病普查"] = "Gynaecological screening",
        ["免费孕前优生健康检查"] = "Free pre-pregnancy check",
        ["计划生育手术"] = "Family-planning operation",
        ["免费药具发放"] = "Free contraceptives",
        ["健康教育与咨询"] = "Health education and advice",
        ["作废记录"] = "Voided record",
        ["交验婚育证明"] = "Show the marriage and childbirth certificate",
        ["婚育证明即将到期"] = "Marriage and childbirth certificate expiring",
        ["补种"] = "Catch-up",
        ["全部"] = "all",
        ["补检"] = "catch-up check",
        // Operations and check outcomes.
        ["放置宫内节育器"] = "IUD insertion",
        ["取出宫内节育器"] = "IUD removal",
        ["输卵管结扎"] = "Tubal ligation",
        ["输精管结扎"] = "Vasectomy",
        ["人工流产"] = "Induced abortion",
        ["中期引产"] = "Mid-trimester termination",
        ["皮下埋植"] = "Implant insertion",
        ["取出皮下埋植剂"] = "Implant removal",
        ["正常"] = "Normal",
        ["异常"] = "Abnormal",
        ["怀孕"] = "Pregnant",
        ["环异常"] = "IUD problem",
        // Exemption reasons.
        ["现孕"] = "Pregnant",
        ["离婚"] = "Divorced",
        ["丧偶"] = "Widowed",
        ["已绝育"] = "Sterilised",
        ["已离开"] = "Left the area",
        ["联系不上"] = "Unreachable",
        ["其他"] = "Other",
        // Reasons a woman missed her check-up day (AbsenceReasons).
        ["临时外出"] = "Away for a while",
        ["患病"] = "Ill",
        ["拒检"] = "Refused",
        // Visit contacts (VisitSchedules).
        ["新生儿家庭访视"] = "Newborn home visit",
        ["满月"] = "1 month",
        ["第1次产前检查（建册）"] = "1st antenatal check (booking)",
        ["产后访视"] = "Postpartum visit",
        ["产后42天健康检查"] = "42-day postpartum check",
        ["0–6岁儿童健康管理"] = "Child health care 0–6 years",
        ["孕期健康管理"] = "Pregnancy care",
        ["产后健康管理"] = "Postpartum care",
        // Vaccines (NIP 2021).
        ["乙肝疫苗"] = "HepB",
        ["卡介苗"] = "BCG",
        ["脊灰灭活疫苗"] = "IPV",
        ["脊灰减毒活疫苗"] = "bOPV",
        ["百白破疫苗"] = "DTaP",
        ["白破疫苗"] = "DT",
        ["麻腮风疫苗"] = "MMR",
        ["乙脑减毒活疫苗"] = "JE live",
        ["乙脑灭活疫苗"] = "JE inactivated",
        ["A群流脑多糖疫苗"] = "MPSV-A",
        ["A群C群流脑多糖疫苗"] = "MPSV-AC",
        ["甲肝减毒活疫苗"] = "HepA live",
        ["甲肝灭活疫苗"] = "HepA inactivated",
        ["需先做TB-PPD或BCG-PPD试验，阴性者补种"] = "TB-PPD or BCG-PPD test first; catch up if negative",
        // Timeline details.
        ["高危"] = "high risk",
        ["报告单已寄户籍地"] = "report sent to the household registration place",
        // Fields a new arrival's case still lacks (the to-do list's "新到未完善").
        ["身份证号"] = "ID number",
        ["现居住地址"] = "residence address",
        ["联系电话"] = "phone",
        ["避孕措施"] = "contraception",
        // Activity kinds.
        ["宣传服务"] = "Publicity",
        ["义诊"] = "Free clinic",
        ["走访慰问"] = "Visits",
        ["关爱留守"] = "Left-behind care",
        ["便民维权"] = "Rights and convenience services",
        ["五期教育"] = "Five-stage education",
        ["健康讲座"] = "Health lecture",
        ["培训班"] = "Training class",
        // Publicity site kinds.
        ["宣传栏"] = "Notice board",
        ["药具发放点"] = "Contraceptive dispensing point",
        ["自助发放机"] = "Self-service dispenser",
        // Units (StatUnits).
        ["万人"] = "10,000 persons",
        ["万份"] = "10,000 copies",
        ["万人次"] = "10,000 person-times",
        ["万例"] = "10,000 cases",
        ["件"] = "items",
        ["万元"] = "10,000 yuan",
        ["人"] = "persons",
        ["人次"] = "person-times",
        ["份"] = "copies",
        ["例"] = "cases",
        ["元"] = "yuan",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [GeneratedRegex(@"^(.+?)\s*第(\d+)剂$")] private static partial Regex Dose();
    [GeneratedRegex(@"^(\d{4})年第(\d)季度$")] private static partial Regex Quarter();
    [GeneratedRegex(@"^(\d{4})年(\d{1,2})月$")] private static partial Regex Month();
    [GeneratedRegex(@"^(\d{4})年$")] private static partial Regex Year();
    [GeneratedRegex(@"^(\d{4})统计年度$")] private static partial Regex StatYear();
    [GeneratedRegex(@"^(\d+)月龄$")] private static partial Regex AgeMonths();
    [GeneratedRegex(@"^(\d+)岁$")] private static partial Regex AgeYears();
    [GeneratedRegex(@"^第(\d+)次产前随访$")] private static partial Regex AntenatalVisit();
    [GeneratedRegex(@"^(.*[^（])（([^（）]+)）$")] private static partial Regex Noted();
    [GeneratedRegex(@"^孕(\d+)周$")] private static partial Regex PregnancyWeeks();
    [GeneratedRegex(@"^假期(\d+)天$")] private static partial Regex LeaveDays();
    [GeneratedRegex(@"^第(\d+)剂$")] private static partial Regex DoseOnly();
    [GeneratedRegex(@"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$")] private static partial Regex DayOfMonth();
}
