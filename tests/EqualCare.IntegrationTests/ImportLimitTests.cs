using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Issue 14, point 11: an .xlsx is measured before it is read, and while it is streamed.</summary>
public abstract class ImportLimitTests(AppFixture app)
{
    const string Header = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>身份证号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>";

    /// <summary>A minimal workbook of one sheet; <paramref name="sharedStrings"/> writes the shared-string part, if any.</summary>
    static byte[] Workbook(string sheetRows, Action<Stream>? sharedStrings = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
            Add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Add("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " +
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
            Add("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
                sheetRows + "</sheetData></worksheet>");
            using (var ss = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open())
            {
                if (sharedStrings is null) ss.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"u8);
                else sharedStrings(ss);
            }
        }
        return memory.ToArray();
    }

    async Task<HttpResponseMessage> UploadAsync(byte[] file)
    {
        var client = await app.SignedInAsync("dongfenglu");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PostAsync("/api/persons/import?mode=all", new MultipartFormDataContent { { content, "file", "炸弹.xlsx" } });
    }

    async Task<int> PersonsAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.CountAsync();
    }

    [Fact]
    public async Task An_xlsx_whose_shared_strings_unpack_beyond_the_limit_is_refused_quickly_before_it_is_read()
    {
        var limit = app.Services.GetRequiredService<ImportSettings>().Limits.MaxSharedStringsBytes;
        var file = Workbook(Header, ss =>
        {
            ss.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"u8);
            var item = Encoding.UTF8.GetBytes("<si><t>" + new string('炸', 1000) + "</t></si>");
            for (long written = 0; written <= limit; written += item.Length) ss.Write(item);
            ss.Write("</sst>"u8);
        });
        Assert.True(file.Length < limit / 50, $"the bomb is {file.Length} bytes");
        var before = await PersonsAsync();

        var clock = Stopwatch.StartNew();
        var response = await UploadAsync(file);
        clock.Stop();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((limit >> 20).ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(before, await PersonsAsync());
    }

    [Fact]
    public async Task An_xlsx_with_more_rows_than_the_limit_is_refused_naming_the_limit()
    {
        var limit = app.Services.GetRequiredService<ImportSettings>().Limits.MaxRows;
        var header = "<row r=\"1\">" + string.Concat(ImportColumns.All.Select(c => $"<c t=\"inlineStr\"><is><t>{c.Header}</t></is></c>")) + "</row>";
        var file = Workbook(header + $"<row r=\"{limit + 5}\"><c r=\"B{limit + 5}\" t=\"inlineStr\"><is><t>远</t></is></c></row>");
        var before = await PersonsAsync();

        var response = await UploadAsync(file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await PersonsAsync());
    }
}

[Collection(OnSqlite.Name)]
public sealed class ImportLimitTestsOnSqlite(SqliteApp app) : ImportLimitTests(app);

[Collection(OnPostgres.Name)]
public sealed class ImportLimitTestsOnPostgres(PostgresApp app) : ImportLimitTests(app);
