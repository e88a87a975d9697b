using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.DataQuality;
using EqualCare.Web.Features.Duplicates;
using EqualCare.Web.Features.Export;
using EqualCare.Web.Features.Persons;

namespace EqualCare.UnitTests.Registry;

public class SearchAndQualityRulesTests
{
    static readonly DateOnly Today = new(2026, 3, 15);

    [Theory]
    [InlineData(AgeBand.Age0To6, "2019-03-15", "2026-03-15")]
    [InlineData(AgeBand.Age7To14, "2011-03-15", "2019-03-15")]
    [InlineData(AgeBand.Age15To49, "1976-03-15", "2011-03-15")]
    [InlineData(AgeBand.Age50Plus, null, "1976-03-15")]
    public void An_age_band_is_a_birth_date_range_exclusive_below_and_inclusive_above(AgeBand band, string? after, string before)
    {
        var (bornAfter, bornOnOrBefore) = AgeBands.BirthDates(band, Today);
        Assert.Equal(after is null ? null : DateOnly.Parse(after, System.Globalization.CultureInfo.InvariantCulture), bornAfter);
        Assert.Equal(DateOnly.Parse(before, System.Globalization.CultureInfo.InvariantCulture), bornOnOrBefore);
    }

    [Theory]
    [InlineData("410102900517123", "410102199005171235")]
    [InlineData(" 11010519491231002x ", "11010519491231002X")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void The_id_number_filter_is_normalised_and_a_15_digit_number_upgraded(string? typed, string? stored) =>
        Assert.Equal(stored, new PersonSearch(IdNumber: typed).NormalizedIdNumber);

    [Theory]
    [InlineData("139-1234 5678", "13912345678")]
    [InlineData("", null)]
    public void The_phone_filter_drops_separators(string typed, string? stored) =>
        Assert.Equal(stored, new PersonSearch(Phone: typed).NormalizedPhone);

    [Fact]
    public void The_audit_description_of_a_search_names_the_filters_but_not_personal_values()
    {
        var text = new PersonSearch("11010519491231002X", "张三", Phone: "13912345678", Sex: Sex.Female).Describe();
        Assert.Equal("idNumber=…;name=prefix;phone=…;sex=Female", text);
    }

    [Theory]
    [InlineData(8, 11, 72.7)]
    [InlineData(3, 3, 100.0)]
    [InlineData(0, 5, 0.0)]
    [InlineData(2, 3, 66.7)]
    public void The_accuracy_rate_is_a_percentage_with_one_decimal(int accurate, int total, double expected) =>
        Assert.Equal((decimal)expected, QualityRules.AccuracyRate(accurate, total));

    [Fact]
    public void The_accuracy_rate_of_a_unit_without_cases_is_unknown() => Assert.Null(QualityRules.AccuracyRate(0, 0));

    [Theory]
    [InlineData("张三", "1990-01-01", "411522", "张三", "1990-01-01", "411522", true)]
    [InlineData("张三", "1990-01-01", "411522", "张三", "1990-01-02", "411522", false)]
    [InlineData("张三", "1990-01-01", "411522", "张三", "1990-01-01", "411521", false)]
    [InlineData("张三", "1990-01-01", "411522", "李四", "1990-01-01", "411522", false)]
    public void Only_cases_with_the_same_name_birth_date_and_county_count_as_duplicates(string n1, string b1, string c1, string n2,
        string b2, string c2, bool expected)
    {
        Assert.Equal(expected, DuplicateMerge.AreDuplicates(Person(n1, b1, c1, "410102199001011234", IdState.Valid),
            Person(n2, b2, c2, "410102199001015678", IdState.Valid)));
    }

    [Fact]
    public void Cases_sharing_a_placeholder_number_count_as_duplicates_but_not_a_shared_real_number_alone()
    {
        var placeholder = "000000201001010000";
        Assert.True(DuplicateMerge.AreDuplicates(Person("甲", "2010-01-01", "411522", placeholder, IdState.Placeholder),
            Person("乙", "2010-01-01", "411521", placeholder, IdState.Placeholder)));
        Assert.False(DuplicateMerge.AreDuplicates(Person("甲", "2010-01-01", "411522", "410102199001011234", IdState.Valid),
            Person("乙", "2010-01-01", "411521", "410102199001011234", IdState.Overridden)));
    }

    [Theory]
    [InlineData("000000000000000000", null)]
    [InlineData("LS2026031500000001", null)]
    [InlineData("11010519491231002x", "11010519491231002X")]
    public void The_entry_check_ignores_placeholder_numbers(string typed, string? expected) =>
        Assert.Equal(expected, DuplicateCheck.NormalizedRealNumber(typed));

    [Fact]
    public void The_xlsx_writer_produces_a_workbook_openxml_reads_with_the_header_and_every_row()
    {
        using var stream = new MemoryStream();
        int rows;
        using (var xlsx = XlsxWriter.Create(stream, "数据", ["姓名", "身份证号"]))
        {
            for (var i = 0; i < 1000; i++) xlsx.WriteRow(["人员" + i, i % 2 == 0 ? null : "a\u0001b"]);
            xlsx.Finish();
            rows = xlsx.RowsWritten;
        }
        stream.Position = 0;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            Assert.Contains(zip.Entries, e => e.FullName == "xl/worksheets/sheet1.xml");
        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = Assert.Single(document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("数据", sheet.Name?.Value);
        var data = document.WorkbookPart.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(1000, rows);
        Assert.Equal(1001, data.Count);
        Assert.Equal(["姓名", "身份证号"], data[0]);
        Assert.Equal(["人员1", "ab"], data[2]);
        Assert.Equal(["人员998", ""], data[999]);
    }

    static Person Person(string name, string birth, string county, string id, IdState state) => new()
    {
        Name = name, BirthDate = DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), HukouCountyCode = county,
        IdNumber = id, IdState = state, CommunityCode = "410103007001",
    };
}
