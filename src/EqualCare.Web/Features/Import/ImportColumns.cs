using System.Collections.Frozen;
using System.Globalization;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.Web.Features.Import;

/// <summary>One import row as read from the cells, before the case rules: mutable, so a row is filled column by column
/// without copying a record per cell.</summary>
// Fields, not properties: the column parsers fill them through `out` arguments.
#pragma warning disable CA1051
public sealed class RowInput
{
    public string? Name, IdNumber, IdOverrideReason, Ethnicity, HukouCountyCode, HukouAddress, CommunityCode, ResidenceAddress,
        LandlordOrEmployer, ContraceptionProvider, Phone, Occupation;
    public Sex? Sex;
    public DateOnly? BirthDate, ArrivalDate, MarriageDate, ContraceptionStart, PregnancyLmp, PregnancyExpectedDate, PregnancyOutcomeDate;
    public HousingType? HousingType;
    public FlowDirection FlowDirection = FlowDirection.Inflow;
    public HouseholdType? HouseholdType;
    public MaritalStatus MaritalStatus = MaritalStatus.Unknown;
    public bool AccompanyingChild;
    public ContraceptionMethod? ContraceptionMethod;
    public PregnancyOutcome? PregnancyOutcome;
    public Education? Education;
#pragma warning restore CA1051

    public CaseInput ToCaseInput() => new()
    {
        Name = Name, IdNumber = IdNumber, IdOverrideReason = IdOverrideReason, Sex = Sex, BirthDate = BirthDate, Ethnicity = Ethnicity,
        HukouCountyCode = HukouCountyCode, HukouAddress = HukouAddress, CommunityCode = CommunityCode, ResidenceAddress = ResidenceAddress,
        HousingType = HousingType, LandlordOrEmployer = LandlordOrEmployer, ArrivalDate = ArrivalDate, FlowDirection = FlowDirection,
        HouseholdType = HouseholdType, MaritalStatus = MaritalStatus, MarriageDate = MarriageDate, AccompanyingChild = AccompanyingChild,
        ContraceptionMethod = ContraceptionMethod, ContraceptionStart = ContraceptionStart, ContraceptionProvider = ContraceptionProvider,
        PregnancyLmp = PregnancyLmp, PregnancyExpectedDate = PregnancyExpectedDate, PregnancyOutcome = PregnancyOutcome,
        PregnancyOutcomeDate = PregnancyOutcomeDate, Phone = Phone, Education = Education, Occupation = Occupation,
    };
}

/// <summary>
/// A column of the import file, found by its Chinese header (or an alias), never by position. <see cref="Set"/> parses
/// one cell into the row and returns the UI-string key of the problem, or null. <see cref="Field"/> is the
/// <see cref="CaseInput"/> property, so a rule's problem points back at the column it came from.
/// </summary>
public sealed record ImportColumn(string Header, string Field, Func<string, RowInput, string?> Set, string Example,
    string? Accepted = null, bool Required = false, string[]? Aliases = null)
{
    public bool IsIdNumber => Field == nameof(CaseInput.IdNumber);
    public bool IsPhone => Field == nameof(CaseInput.Phone);

    /// <summary>A cell value as it may be shown in a report: ID numbers and phone numbers masked (docs/rules.md §8.5).</summary>
    public string Shown(string value) => IsIdNumber ? Masking.IdNumber(value.Trim()) : IsPhone ? Masking.Phone(value.Trim()) : value;
}

public static class ImportColumns
{
    public const string BadDate = "import.value.badDate";
    public const string BadCode = "import.value.badCode";
    public const string TooLong = "import.value.tooLong";
    /// <summary>Header of the extra column in the rejected-rows file.</summary>
    public const string ErrorColumn = "错误说明";

    static readonly (Sex, string[])[] Sexes = [(Sex.Male, ["男", "男性"]), (Sex.Female, ["女", "女性"])];
    static readonly (MaritalStatus, string[])[] Maritals =
    [
        (MaritalStatus.Unmarried, ["未婚"]), (MaritalStatus.Married, ["已婚", "有配偶"]), (MaritalStatus.FirstMarriage, ["初婚"]),
        (MaritalStatus.Remarried, ["再婚", "复婚"]), (MaritalStatus.Widowed, ["丧偶"]), (MaritalStatus.Divorced, ["离婚"]),
        (MaritalStatus.Unknown, ["未说明的婚姻状况", "未说明", "不详"]),
    ];
    static readonly (ContraceptionMethod, string[])[] Contraceptions =
    [
        (ContraceptionMethod.MaleSterilisation, ["男性绝育", "男扎", "输精管结扎"]),
        (ContraceptionMethod.FemaleSterilisation, ["女性绝育", "女扎", "输卵管结扎"]),
        (ContraceptionMethod.Iud, ["宫内节育器", "上环", "放环"]), (ContraceptionMethod.Implant, ["皮下埋植", "皮埋"]),
        (ContraceptionMethod.OralPill, ["口服避孕药", "口服药"]), (ContraceptionMethod.Injection, ["避孕针", "注射避孕针"]),
        (ContraceptionMethod.Condom, ["避孕套", "安全套"]), (ContraceptionMethod.Spermicide, ["外用杀精剂", "外用药"]),
        (ContraceptionMethod.Other, ["其他"]), (ContraceptionMethod.None, ["未避孕", "无"]),
    ];
    static readonly (Education, string[])[] Educations =
    [
        (Education.None, ["未上过学", "文盲"]), (Education.Primary, ["小学"]), (Education.JuniorSecondary, ["初中"]),
        (Education.SeniorSecondary, ["高中", "中专", "高中/中专"]), (Education.College, ["大专", "大学专科"]),
        (Education.Bachelor, ["本科", "大学本科"]), (Education.Postgraduate, ["研究生", "硕士", "博士"]),
    ];
    static readonly (FlowDirection, string[])[] Flows = [(FlowDirection.Inflow, ["流入"]), (FlowDirection.Outflow, ["流出"])];
    static readonly (HousingType, string[])[] Housings =
    [
        (HousingType.Rented, ["租住", "租房"]), (HousingType.EmployerDormitory, ["单位宿舍", "单位/雇主提供"]), (HousingType.Owned, ["自购房", "自有住房"]),
        (HousingType.WithRelatives, ["借住亲友", "借住"]), (HousingType.WorkSite, ["工地工棚", "工棚"]), (HousingType.Other, ["其他"]),
    ];
    static readonly (HouseholdType, string[])[] Households =
    [
        (HouseholdType.Alone, ["非家庭流动"]), (HouseholdType.Couple, ["本人及配偶流动"]), (HouseholdType.ParentWithChildren, ["一方携子女流动"]),
        (HouseholdType.UnmarriedAlone, ["未婚单独流动"]),
    ];
    static readonly (PregnancyOutcome, string[])[] Outcomes =
    [
        (PregnancyOutcome.LiveBirth, ["活产"]), (PregnancyOutcome.Abortion, ["人工流产", "人流"]), (PregnancyOutcome.InducedLabour, ["引产"]),
        (PregnancyOutcome.Stillbirth, ["死胎死产", "死产"]), (PregnancyOutcome.Miscarriage, ["自然流产"]),
    ];

    /// <summary>The template's columns, in the template's order (a file may order them as it likes).</summary>
    public static readonly IReadOnlyList<ImportColumn> All =
    [
        new("姓名", nameof(CaseInput.Name), (v, r) => Text(v, 50, out r.Name), "张丽", Required: true),
        new("身份证号", nameof(CaseInput.IdNumber), (v, r) => Text(v, 40, out r.IdNumber), "411522199003150025", Required: true,
            Aliases: ["身份证号码", "公民身份号码"]),
        new("身份证号确认理由", nameof(CaseInput.IdOverrideReason), (v, r) => Text(v, 200, out r.IdOverrideReason), ""),
        new("性别", nameof(CaseInput.Sex), (v, r) => Code(v, Sexes, out r.Sex), "女", Accepted(Sexes)),
        new("出生日期", nameof(CaseInput.BirthDate), (v, r) => Date(v, out r.BirthDate), "1990-03-15"),
        new("民族", nameof(CaseInput.Ethnicity), (v, r) => Text(v, 20, out r.Ethnicity), "汉族"),
        new("户籍地区划代码", nameof(CaseInput.HukouCountyCode), (v, r) => Text(v, 6, out r.HukouCountyCode), "411522", Aliases: ["户籍地代码"]),
        new("户籍地址", nameof(CaseInput.HukouAddress), (v, r) => Text(v, 200, out r.HukouAddress), "河南省信阳市光山县十里镇"),
        new("现居住社区代码", nameof(CaseInput.CommunityCode), (v, r) => Text(v, 12, out r.CommunityCode), "410103007001", Required: true,
            Aliases: ["社区代码", "现居住地代码"]),
        new("现居住地址", nameof(CaseInput.ResidenceAddress), (v, r) => Text(v, 200, out r.ResidenceAddress), "大学路祥和小区3号楼"),
        new("居住类型", nameof(CaseInput.HousingType), (v, r) => Code(v, Housings, out r.HousingType), "租住", Accepted(Housings)),
        new("房东或雇主", nameof(CaseInput.LandlordOrEmployer), (v, r) => Text(v, 100, out r.LandlordOrEmployer), ""),
        new("流入日期", nameof(CaseInput.ArrivalDate), (v, r) => Date(v, out r.ArrivalDate), "2024-03-01", Required: true,
            Aliases: ["到达日期", "流入时间"]),
        new("流动方向", nameof(CaseInput.FlowDirection), (v, r) =>
        {
            var problem = Code(v, Flows, out FlowDirection? flow);
            r.FlowDirection = flow ?? FlowDirection.Inflow;
            return problem;
        }, "流入", Accepted(Flows)),
        new("家庭户类型", nameof(CaseInput.HouseholdType), (v, r) => Code(v, Households, out r.HouseholdType), "", Accepted(Households)),
        new("婚姻状况", nameof(CaseInput.MaritalStatus), (v, r) =>
        {
            var problem = Code(v, Maritals, out MaritalStatus? status);
            r.MaritalStatus = status ?? MaritalStatus.Unknown;
            return problem;
        }, "已婚", Accepted(Maritals)),
        new("初婚日期", nameof(CaseInput.MarriageDate), (v, r) => Date(v, out r.MarriageDate), "2014-10-01", Aliases: ["结婚日期"]),
        new("随同流动子女", nameof(CaseInput.AccompanyingChild), (v, r) => YesNo(v, out r.AccompanyingChild), "否", "是 / 否"),
        new("避孕措施", nameof(CaseInput.ContraceptionMethod), (v, r) => Code(v, Contraceptions, out r.ContraceptionMethod), "宫内节育器",
            Accepted(Contraceptions)),
        new("避孕起始日期", nameof(CaseInput.ContraceptionStart), (v, r) => Date(v, out r.ContraceptionStart), "2016-05-01"),
        new("避孕服务单位", nameof(CaseInput.ContraceptionProvider), (v, r) => Text(v, 100, out r.ContraceptionProvider), ""),
        new("末次月经日期", nameof(CaseInput.PregnancyLmp), (v, r) => Date(v, out r.PregnancyLmp), ""),
        new("预产期", nameof(CaseInput.PregnancyExpectedDate), (v, r) => Date(v, out r.PregnancyExpectedDate), ""),
        new("妊娠结局", nameof(CaseInput.PregnancyOutcome), (v, r) => Code(v, Outcomes, out r.PregnancyOutcome), "", Accepted(Outcomes)),
        new("妊娠结局日期", nameof(CaseInput.PregnancyOutcomeDate), (v, r) => Date(v, out r.PregnancyOutcomeDate), ""),
        new("联系电话", nameof(CaseInput.Phone), (v, r) => Text(v, 20, out r.Phone), "13812345678", Aliases: ["手机号码", "电话"]),
        new("文化程度", nameof(CaseInput.Education), (v, r) => Code(v, Educations, out r.Education), "初中", Accepted(Educations)),
        new("职业", nameof(CaseInput.Occupation), (v, r) => Text(v, 50, out r.Occupation), "服务员"),
    ];

    static readonly FrozenDictionary<string, ImportColumn> ByHeader = All
        .SelectMany(c => (c.Aliases ?? []).Append(c.Header).Select(h => (Header: h, Column: c)))
        .ToFrozenDictionary(x => x.Header, x => x.Column, StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, ImportColumn> ByField = All.ToFrozenDictionary(c => c.Field, StringComparer.Ordinal);

    /// <summary>The column a header names: spaces, a trailing "*" (required marker) and full-width brackets are ignored.</summary>
    public static ImportColumn? Find(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var h = header.Trim().TrimStart('\uFEFF').TrimEnd('*', '＊').Trim();
        return ByHeader.GetValueOrDefault(h);
    }

    static string? Text(string value, int max, out string? target)
    {
        var t = value.Trim();
        target = t.Length == 0 ? null : t;
        return t.Length > max ? TooLong : null;
    }

    static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyyMMdd", "yyyy.M.d", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    public static string? Date(string value, out DateOnly? target)
    {
        target = null;
        var t = value.AsSpan().Trim();
        if (t.IsEmpty) return null;
        if (t.Length == 10 && t[4] == '-' && t[7] == '-'
            && int.TryParse(t[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && int.TryParse(t.Slice(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(t.Slice(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(Math.Max(1, y), m) && y >= 1)
        {
            target = new DateOnly(y, m, d);
            return null;
        }
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            target = DateOnly.FromDateTime(dt);
            return null;
        }
        // A spreadsheet date cell holds its serial number (days since 1899-12-30).
        if (t.Length <= 5 && double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial >= 1)
        {
            target = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
            return null;
        }
        return BadDate;
    }

    static string? YesNo(string value, out bool target)
    {
        var t = value.Trim();
        target = t is "是" or "1" or "Y" or "y" or "true" or "TRUE";
        return t.Length == 0 || target || t is "否" or "0" or "N" or "n" or "false" or "FALSE" ? null : BadCode;
    }

    /// <summary>A code (GB/T number, e.g. 2 or 20), its Chinese name (女, 已婚) or the English enum name.</summary>
    static string? Code<T>(string value, (T Value, string[] Names)[] table, out T? target) where T : struct, Enum
    {
        target = null;
        var t = value.Trim();
        if (t.Length == 0) return null;
        foreach (var (v, names) in table)
            if (Array.IndexOf(names, t) >= 0)
            {
                target = v;
                return null;
            }
        if (short.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            foreach (var (v, _) in table)
                if (Convert.ToInt16(v, CultureInfo.InvariantCulture) == n)
                {
                    target = v;
                    return null;
                }
            return BadCode;
        }
        if (Enum.TryParse<T>(t, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            target = parsed;
            return null;
        }
        return BadCode;
    }

    static string Accepted<T>((T Value, string[] Names)[] table) where T : struct, Enum =>
        string.Join("，", table.Select(x => $"{Convert.ToInt16(x.Value, CultureInfo.InvariantCulture)} {x.Names[0]}"));
}
