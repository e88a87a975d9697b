using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// The printed form of seed 002's 附件: a title, 填报单位 and period, the header row with units, one row per reporting unit
/// (a community's form is its own row; an office above lists each approved form below it and then 合计, its own figures),
/// and 负责人 / 填表人 / 填表日期 under the table. The page, the print view and the .xlsx all use these rows.
/// </summary>
public static class StatFormLayout
{
    public const string Title = "开展流动人口关怀关爱活动有关情况统计表";

    public sealed record Row(string Label, IReadOnlyDictionary<string, long> Figures, string? Remarks, bool IsTotal);

    public static IReadOnlyList<Row> Rows(StatFormView form)
    {
        var own = form.Cells.ToDictionary(c => c.Code, c => c.Amount);
        if (form.Level >= 5) return [new Row(form.OrgName, own, form.Remarks, true)];
        var rows = form.Children.Where(c => c.State == nameof(StatFormState.Approved))
            .Select(c => new Row(c.OrgName, c.Figures, c.Remarks, false)).ToList();
        rows.Add(new Row("合计", own, form.Remarks, true));
        return rows;
    }

    public static string Value(StatColumn column, IReadOnlyDictionary<string, long> figures) =>
        StatUnits.Format(column.Unit, figures.GetValueOrDefault(column.Code));

    /// <summary>填表日期: the day of the last state change (Beijing), as the form prints it.</summary>
    public static string FilledOn(StatFormView form) => form.History.Count == 0 ? ""
        : DateOnly.FromDateTime(ChinaClock.ToBeijing(form.History[^1].At)).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

    public static string Period(StatFormView form) => $"{form.PeriodStart:yyyy年M月d日}至{form.PeriodEnd:yyyy年M月d日}";
}
