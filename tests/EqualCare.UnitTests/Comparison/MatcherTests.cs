using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Domain.Schedules;

namespace EqualCare.UnitTests.Comparison;

/// <summary>Issue 17 point 2: normalisation and record linkage of an agency's row with a case, one row per pair.</summary>
public class MatcherTests
{
    [Theory]
    [InlineData("130503670401001", "130503196704010016")] // GB 11643-1989 → 1999 (DOMAIN §5.2's own example)
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData(" 110105 19491231 002X ", "11010519491231002X")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X")]
    [InlineData("'440524188001010014", "440524188001010014")]
    [InlineData("000000000000000000", null)] // placeholder: unknown, never a key
    [InlineData("000000201401010000", null)]
    [InlineData("12345", null)]
    [InlineData("张三", null)]
    [InlineData("", null)]
    public void Id_numbers_are_normalised_to_18_characters_or_refused(string raw, string? expected) =>
        Assert.Equal(expected, Normalise.IdNumber(raw));

    [Theory]
    [InlineData("2014-03-05", "2014-03-05")]
    [InlineData("2014/3/5", "2014-03-05")]
    [InlineData("20140305", "2014-03-05")]
    [InlineData("2014年3月5日", "2014-03-05")]
    [InlineData("2014-03-05 00:00:00", "2014-03-05")]
    [InlineData("41703", "2014-03-05")] // an .xlsx date cell: days since 1899-12-30
    [InlineData("男", null)]
    public void Dates_are_read_as_agencies_write_them(string raw, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Normalise.Date(raw));

    static Particulars P(string name, string? id, string? birth, Sex? sex) =>
        new(Normalise.Name(name), Normalise.IdNumber(id), birth is null ? null : DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), sex);

    const string Id1 = "11010519491231002X";
    const string Id2 = "110105194912310001";

    public static TheoryData<string, Particulars, Particulars, MatchLevel, Agreement> Pairs => new()
    {
        // Must match
        { "same number, names differ", P("张三", Id1, "1949-12-31", Sex.Female), P("张叁", Id1, "1949-12-31", Sex.Female), MatchLevel.Match, Agreement.IdNumber | Agreement.BirthDate | Agreement.Sex },
        { "15-digit number on the list", P("王芳", "130503670401001", null, null), P("王芳", "130503196704010016", "1967-04-01", Sex.Male), MatchLevel.Match, Agreement.IdNumber | Agreement.Name },
        { "lower-case x on the list", P("李丽", "11010519491231002x", null, null), P("李丽", Id1, "1949-12-31", Sex.Female), MatchLevel.Match, Agreement.IdNumber | Agreement.Name },
        { "no number: name, birth, sex", P("刘小红", null, "2014-03-05", Sex.Female), P("刘小红", null, "2014-03-05", Sex.Female), MatchLevel.Match, Agreement.Name | Agreement.BirthDate | Agreement.Sex },
        { "case's number a placeholder", P("刘小红", Id1, "2014-03-05", Sex.Female), P("刘 小红", null, "2014-03-05", Sex.Female), MatchLevel.Match, Agreement.Name | Agreement.BirthDate | Agreement.Sex },
        { "minority name with a dot", P("阿依古丽·买买提", null, "1990-01-02", Sex.Female), P("阿依古丽买买提", null, "1990-01-02", Sex.Female), MatchLevel.Match, Agreement.Name | Agreement.BirthDate | Agreement.Sex },
        // Must be candidates
        { "one character off", P("李建国", null, "1985-06-20", Sex.Male), P("李建军", null, "1985-06-20", Sex.Male), MatchLevel.Candidate, Agreement.BirthDate | Agreement.Sex | Agreement.NameOneCharacter },
        { "homophone 丽/莉", P("张小丽", null, "1990-07-15", Sex.Female), P("张小莉", null, "1990-07-15", Sex.Female), MatchLevel.Candidate, Agreement.BirthDate | Agreement.Sex | Agreement.NameHomophone },
        { "homophone in a two-character name", P("王芳", null, "1988-02-14", Sex.Female), P("王方", null, "1988-02-14", Sex.Female), MatchLevel.Candidate, Agreement.BirthDate | Agreement.Sex | Agreement.NameHomophone },
        { "day and month swapped", P("陈静", null, "2014-03-05", Sex.Female), P("陈静", null, "2014-05-03", Sex.Female), MatchLevel.Candidate, Agreement.Name | Agreement.Sex | Agreement.BirthDaySwapped },
        { "numbers differ, all else equal", P("赵敏", Id2, "1949-12-31", Sex.Female), P("赵敏", Id1, "1949-12-31", Sex.Female), MatchLevel.Candidate, Agreement.Name | Agreement.BirthDate | Agreement.Sex | Agreement.IdNumberDiffers },
        // Must not match
        { "sex differs", P("刘小红", null, "2014-03-05", Sex.Male), P("刘小红", null, "2014-03-05", Sex.Female), MatchLevel.None, Agreement.Name | Agreement.BirthDate },
        { "birth date differs", P("刘小红", null, "2014-03-06", Sex.Female), P("刘小红", null, "2014-03-05", Sex.Female), MatchLevel.None, Agreement.Name | Agreement.Sex },
        { "two near differences", P("李建国", null, "1985-06-02", Sex.Male), P("李建军", null, "1985-02-06", Sex.Male), MatchLevel.None, Agreement.Sex },
        { "two-character name, different sound", P("王芳", null, "1988-02-14", Sex.Female), P("王红", null, "1988-02-14", Sex.Female), MatchLevel.None, Agreement.BirthDate | Agreement.Sex },
        { "two characters off", P("李建国", null, "1985-06-20", Sex.Male), P("李振军", null, "1985-06-20", Sex.Male), MatchLevel.None, Agreement.BirthDate | Agreement.Sex },
        { "numbers differ and name differs", P("赵敏", Id2, "1949-12-31", Sex.Female), P("赵明", Id1, "1949-12-31", Sex.Female), MatchLevel.None, Agreement.BirthDate | Agreement.Sex },
        { "name lengths differ", P("欧阳小明", null, "2000-01-01", Sex.Male), P("欧小明", null, "2000-01-01", Sex.Male), MatchLevel.None, Agreement.BirthDate | Agreement.Sex },
        { "no sex on the list", P("刘小红", null, "2014-03-05", null), P("刘小红", null, "2014-03-05", Sex.Female), MatchLevel.None, Agreement.Name | Agreement.BirthDate },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Pairs_match_are_candidates_or_do_not_match_and_say_which_fields_agreed(string pair, Particulars row, Particulars person, MatchLevel level, Agreement agreed)
    {
        var outcome = Matcher.Compare(row, person);
        Assert.True(level == outcome.Level, $"{pair}: {outcome.Level}");
        Assert.True(agreed == outcome.Agreed, $"{pair}: {outcome.Agreed}");
    }

    [Fact]
    public void A_day_above_12_or_equal_to_the_month_has_no_swap()
    {
        Assert.Null(Matcher.Swapped(new DateOnly(2014, 3, 15)));
        Assert.Null(Matcher.Swapped(new DateOnly(2014, 4, 4)));
        Assert.Equal(new DateOnly(2014, 5, 3), Matcher.Swapped(new DateOnly(2014, 3, 5)));
    }

    [Fact]
    public void A_row_without_birth_date_or_sex_takes_them_from_its_number()
    {
        var mapping = new ColumnMapping(new Dictionary<ListField, int> { [ListField.Name] = 0, [ListField.IdNumber] = 1 });
        var row = AgencyRow.Read(["王 芳", "130503670401001"], mapping);
        Assert.Equal("王芳", row.Name);
        Assert.Equal("130503196704010016", row.IdNumber);
        Assert.Equal(new DateOnly(1967, 4, 1), row.BirthDate);
        Assert.Equal(Sex.Male, row.Sex);
        Assert.True(row.Usable);
    }

    [Fact]
    public void A_layout_is_guessed_from_headings_and_remembered_by_heading_when_columns_move()
    {
        var guessed = ColumnMapping.Guess(["序号", "姓名", "性别", "公民身份号码", "暂住地址", "出生日期"]);
        Assert.Equal(1, guessed[ListField.Name]);
        Assert.Equal(3, guessed[ListField.IdNumber]);
        Assert.Equal(2, guessed[ListField.Sex]);
        Assert.Equal(4, guessed[ListField.Address]);
        Assert.Equal(5, guessed[ListField.BirthDate]);
        Assert.Null(guessed[ListField.MaritalStatus]);

        var saved = ColumnMapping.Parse(new ColumnMapping(new Dictionary<ListField, int> { [ListField.Name] = 0, [ListField.IdNumber] = 2 }).ToString());
        var moved = ColumnMapping.Remembered(saved, ["人员名称", "备注", "证号"], ["证号", "人员名称", "备注"]);
        Assert.Equal(1, moved[ListField.Name]);
        Assert.Equal(0, moved[ListField.IdNumber]);
        Assert.Empty(moved.Problems(3));
        Assert.Contains("comparison.mapping.nameRequired", new ColumnMapping(new Dictionary<ListField, int> { [ListField.IdNumber] = 0 }).Problems(1));
        Assert.Contains("comparison.mapping.columnTwice", new ColumnMapping(new Dictionary<ListField, int> { [ListField.Name] = 0, [ListField.IdNumber] = 0 }).Problems(1));
    }

    [Theory]
    [InlineData(AgencyListKind.ResidencePermits, "金水区经三路12号", null, "经三路12号", MaritalStatus.Married, "")]
    [InlineData(AgencyListKind.ResidencePermits, "二七区大学路8号", null, "经三路12号", MaritalStatus.Married, "Address")]
    [InlineData(AgencyListKind.ResidencePermits, null, MaritalStatus.Divorced, null, MaritalStatus.FirstMarriage, "MaritalStatus")]
    [InlineData(AgencyListKind.ResidencePermits, null, MaritalStatus.Married, null, MaritalStatus.Remarried, "")]
    [InlineData(AgencyListKind.Marriages, null, null, null, MaritalStatus.Unmarried, "MaritalStatus")]
    [InlineData(AgencyListKind.Marriages, null, null, null, MaritalStatus.Unknown, "")]
    public void Disagreements_name_the_address_and_the_marital_status(AgencyListKind kind, string? rowAddress, MaritalStatus? rowMarital,
        string? caseAddress, MaritalStatus caseMarital, string expected) =>
        Assert.Equal(expected, string.Join(',', Gaps.Disagreements(kind, rowAddress, rowMarital, caseAddress, caseMarital)));

    [Fact]
    public void Missing_files_and_unserved_items_come_from_the_due_items()
    {
        var day = new DateOnly(2026, 1, 1);
        DueItem Item(CareKind kind, bool overdue, string name) => new(kind, name, day, day, day, overdue, "test");
        var due = new[]
        {
            Item(CareKind.HealthRecord, false, "建立健康档案"), Item(CareKind.Immunisation, true, "麻腮风 第1剂"),
            Item(CareKind.WomensCheckup, true, "康检"), Item(CareKind.Immunisation, false, "乙肝 第3剂"),
        };
        Assert.Equal(["建立健康档案"], Gaps.MissingFiles(due).Select(d => d.Name));
        Assert.Equal(["麻腮风 第1剂"], Gaps.Unserved(AgencyListKind.Enrolments, due).Select(d => d.Name));
        Assert.Equal(["麻腮风 第1剂", "康检"], Gaps.Unserved(AgencyListKind.ResidencePermits, due).Select(d => d.Name));
    }
}
