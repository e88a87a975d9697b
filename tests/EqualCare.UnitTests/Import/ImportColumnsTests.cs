using System.Text;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Features.Import;

namespace EqualCare.UnitTests.Import;

public class ImportColumnsTests
{
    static (RowInput Row, string? Problem) Set(string header, string value)
    {
        var row = new RowInput();
        var column = ImportColumns.Find(header) ?? throw new InvalidOperationException("no column " + header);
        return (row, column.Set(value, row));
    }

    [Theory]
    [InlineData("女", Sex.Female)]
    [InlineData("2", Sex.Female)]
    [InlineData("男", Sex.Male)]
    [InlineData("Male", Sex.Male)]
    public void Sex_accepts_code_chinese_or_english_name(string value, Sex expected) => Assert.Equal(expected, Set("性别", value).Row.Sex);

    [Theory]
    [InlineData("已婚", MaritalStatus.Married)]
    [InlineData("20", MaritalStatus.Married)]
    [InlineData("初婚", MaritalStatus.FirstMarriage)]
    [InlineData("", MaritalStatus.Unknown)]
    public void Marital_status_accepts_code_or_name(string value, MaritalStatus expected) => Assert.Equal(expected, Set("婚姻状况", value).Row.MaritalStatus);

    [Fact]
    public void Contraception_accepts_the_method_name() =>
        Assert.Equal(ContraceptionMethod.Iud, Set("避孕措施", "宫内节育器").Row.ContraceptionMethod);

    [Theory]
    [InlineData("性别", "X")]
    [InlineData("婚姻状况", "99")]
    [InlineData("文化程度", "幼儿园")]
    public void Unknown_codes_are_problems(string header, string value) => Assert.Equal(ImportColumns.BadCode, Set(header, value).Problem);

    [Theory]
    [InlineData("2024-03-01")]
    [InlineData("2024/3/1")]
    [InlineData("20240301")]
    [InlineData("2024年3月1日")]
    [InlineData("45352")] // spreadsheet serial number
    public void Dates_come_in_the_usual_forms(string value) => Assert.Equal(new DateOnly(2024, 3, 1), Set("流入日期", value).Row.ArrivalDate);

    [Fact]
    public void A_bad_date_is_a_problem() => Assert.Equal(ImportColumns.BadDate, Set("流入日期", "2024-02-30").Problem);

    [Theory]
    [InlineData("姓名*", "姓名")]
    [InlineData(" 身份证号码 ", "身份证号")]
    [InlineData("\uFEFF姓名", "姓名")]
    public void Headers_are_found_by_name_alias_or_with_a_required_marker(string header, string expected) =>
        Assert.Equal(expected, ImportColumns.Find(header)?.Header);

    [Fact]
    public void Id_numbers_and_phones_are_masked_in_reports()
    {
        Assert.Equal("411522********0025", ImportColumns.Find("身份证号")!.Shown("411522199003150025"));
        Assert.Equal("138****5678", ImportColumns.Find("联系电话")!.Shown("13812345678"));
        Assert.Equal("张丽", ImportColumns.Find("姓名")!.Shown("张丽"));
    }

    [Fact]
    public void Id_keys_differ_for_different_numbers_and_x()
    {
        Assert.NotEqual(ImportValidator.IdKey("11010519491231002X"), ImportValidator.IdKey("110105194912310029"));
        Assert.Equal(ImportValidator.IdKey("411522199003150025"), ImportValidator.IdKey("411522199003150025"));
    }

    [Fact]
    public void Gbk_files_are_told_from_utf8_ones()
    {
        var folder = Directory.CreateTempSubdirectory("eqc-import-").FullName;
        try
        {
            var gbk = Path.Combine(folder, "gbk.csv");
            var utf8 = Path.Combine(folder, "utf8.csv");
            var bom = Path.Combine(folder, "bom.csv");
            File.WriteAllBytes(gbk, ImportFileReader.Gb18030.GetBytes("姓名,身份证号\r\n张丽,1\r\n"));
            File.WriteAllText(utf8, "姓名,身份证号\r\n张丽,1\r\n", new UTF8Encoding(false));
            File.WriteAllText(bom, "姓名,身份证号\r\n张丽,1\r\n", new UTF8Encoding(true));
            Assert.Equal(54936, ImportFileReader.DetectEncoding(gbk).CodePage);
            Assert.Equal(Encoding.UTF8.CodePage, ImportFileReader.DetectEncoding(utf8).CodePage);
            Assert.Equal(Encoding.UTF8.CodePage, ImportFileReader.DetectEncoding(bom).CodePage);
            using var reader = ImportFileReader.Open(gbk, "gbk.csv")!;
            Assert.Equal(["姓名", "身份证号"], reader.Header);
            Assert.Equal("张丽", reader.Rows().Single().Cells[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_large_utf8_file_stays_utf8_when_a_character_straddles_the_read_buffer()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            // 3-byte characters after an odd-length header: some character is split at the 1 MiB read boundary.
            var text = new StringBuilder("姓名,a\r\n");
            while (text.Length < 1_200_000) text.Append("流动人口,1\r\n");
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
            Assert.Equal(Encoding.UTF8.CodePage, ImportFileReader.DetectEncoding(path).CodePage);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_xlsx_template_reads_back_through_the_sax_reader()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");
        File.WriteAllBytes(path, ImportTemplate.Xlsx());
        try
        {
            using var reader = ImportFileReader.Open(path, "t.xlsx")!;
            Assert.Equal(ImportColumns.All.Count, reader.Header.Length);
            Assert.Equal("姓名*", reader.Header[0]);
            var row = Assert.Single(reader.Rows());
            Assert.Equal(2, row.RowNumber);
            Assert.Equal("411522199003150025", row.Cells[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
