using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// The printed form of seed 002's 附件: a title, 填报单位 and period, the header row with units, the rows the handler composed
/// (a community's form is its own row; an office above lists every unit below it with its state, figures for the approved
/// ones, and then 合计), 未报单位 when units below are not approved, and 负责人 / 填表人 / 填表日期 under the table. The page,
/// the print view and the .xlsx all use these rows. The screen shows natural units, the print and the .xlsx the seed's units.
/// </summary>
public static class StatFormLayout
{
    public static IReadOnlyList<StatRowView> Rows(StatFormView form) => form.Rows;

    /// <summary>The figure as printed: seed 002's unit, 万 to four decimals.</summary>
    public static string Value(StatColumn column, IReadOnlyDictionary<string, long> figures) =>
        StatUnits.Format(column.Unit, figures.GetValueOrDefault(column.Code));

    /// <summary>The figure as the screen shows it: natural units.</summary>
    public static string Natural(StatColumn column, IReadOnlyDictionary<string, long> figures) =>
        StatUnits.FormatNatural(figures.GetValueOrDefault(column.Code));

    /// <summary>The units below not approved, with their state in Chinese, for the 未报单位 line: "中原社区（已上报）".</summary>
    public static IReadOnlyList<StatRowView> Unreported(StatFormView form) =>
        form.Level >= 5 ? [] : form.Rows.Where(r => !r.IsTotal && r.Figures is null).ToList();

    public static string StateChinese(string state) => state switch
    {
        "Draft" => "草稿",
        "Submitted" => "已上报",
        "Returned" => "已退回",
        "Approved" => "已审核",
        _ => "未填报",
    };

    public static string UnreportedLine(StatFormView form) =>
        string.Join("、", Unreported(form).Select(r => $"{r.Label}（{StateChinese(r.State)}）"));

    /// <summary>填表日期: the day of the last state change (Beijing), as the form prints it.</summary>
    public static string FilledOn(StatFormView form) => form.History.Count == 0 ? ""
        : DateOnly.FromDateTime(ChinaClock.ToBeijing(form.History[^1].At)).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

    public static string Period(StatFormView form) => $"{form.PeriodStart:yyyy年M月d日}至{form.PeriodEnd:yyyy年M月d日}";
}
