using System.Globalization;

namespace EqualCare.Web.Domain.Comparison;

/// <summary>
/// Which column of an agency's file holds which field: the layout an office keeps per agency and kind of list (a 公安 list
/// names its columns differently from a hospital's). Written as "Name=0;IdNumber=3" for storage.
/// </summary>
public sealed class ColumnMapping
{
    readonly Dictionary<ListField, int> columns;

    public ColumnMapping(IReadOnlyDictionary<ListField, int> columns) => this.columns = new(columns);

    public IReadOnlyDictionary<ListField, int> Columns => columns;

    public int? this[ListField field] => columns.TryGetValue(field, out var i) ? i : null;

    /// <summary>Problems as UI-string keys: a name column, and a number or a birth date column, are needed; columns must exist
    /// and be used once.</summary>
    public IReadOnlyList<string> Problems(int headerColumns)
    {
        var problems = new List<string>();
        if (!columns.ContainsKey(ListField.Name)) problems.Add("comparison.mapping.nameRequired");
        if (!columns.ContainsKey(ListField.IdNumber) && !columns.ContainsKey(ListField.BirthDate)) problems.Add("comparison.mapping.idOrBirthRequired");
        if (columns.Values.Any(i => i < 0 || i >= headerColumns)) problems.Add("comparison.mapping.noSuchColumn");
        if (columns.Values.Distinct().Count() != columns.Count) problems.Add("comparison.mapping.columnTwice");
        return problems;
    }

    public override string ToString() =>
        string.Join(';', columns.OrderBy(c => c.Key).Select(c => c.Key + "=" + c.Value.ToString(CultureInfo.InvariantCulture)));

    public static ColumnMapping Parse(string? text)
    {
        var map = new Dictionary<ListField, int>();
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Enum.TryParse<ListField>(part[..eq], out var field) && Enum.IsDefined(field)
                && int.TryParse(part[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                map[field] = i;
        }
        return new ColumnMapping(map);
    }

    /// <summary>The headings agencies use for each field, for a first guess when no layout is remembered.</summary>
    static readonly (ListField Field, string[] Headings)[] Known =
    [
        (ListField.Name, ["姓名", "名字", "儿童姓名", "学生姓名", "新生儿姓名", "女方姓名", "name"]),
        (ListField.IdNumber, ["身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "身份号码", "idnumber", "id"]),
        (ListField.Sex, ["性别", "sex"]),
        (ListField.BirthDate, ["出生日期", "出生年月日", "生日", "出生时间", "birthdate"]),
        (ListField.Address, ["现住址", "居住地址", "暂住地址", "住址", "地址", "家庭住址", "现居住地", "address"]),
        (ListField.MaritalStatus, ["婚姻状况", "婚姻", "maritalstatus"]),
        (ListField.Community, ["社区", "村", "社区代码", "所属社区", "community"]),
        (ListField.Phone, ["联系电话", "电话", "手机", "手机号", "phone"]),
    ];

    /// <summary>A first guess from the headings (exact heading, spaces ignored).</summary>
    public static ColumnMapping Guess(IReadOnlyList<string> header)
    {
        var map = new Dictionary<ListField, int>();
        foreach (var (field, headings) in Known)
            for (var i = 0; i < header.Count; i++)
            {
                var h = new string(header[i].Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
                if (headings.Contains(h) && !map.ContainsValue(i))
                {
                    map[field] = i;
                    break;
                }
            }
        return new ColumnMapping(map);
    }

    /// <summary>
    /// A remembered layout applied to a new file: each field goes to the column with the same heading as when it was
    /// remembered (agencies reorder columns between exports), else stays where it was if that heading is gone.
    /// </summary>
    public static ColumnMapping Remembered(ColumnMapping saved, IReadOnlyList<string> savedHeader, IReadOnlyList<string> header)
    {
        var map = new Dictionary<ListField, int>();
        foreach (var (field, i) in saved.Columns)
        {
            var heading = i < savedHeader.Count ? savedHeader[i] : null;
            var found = heading is null ? -1 : header.ToList().IndexOf(heading);
            if (found >= 0) map[field] = found;
            else if (i < header.Count) map[field] = i;
        }
        return new ColumnMapping(map);
    }
}
