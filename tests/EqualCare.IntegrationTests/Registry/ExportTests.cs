using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Registry;

/// <summary>Excel export: masked by default, unmasked only with the permission and a reason, always audited.</summary>
public abstract class ExportTests(AppFixture app)
{
    static async Task<List<List<string>>> SheetAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
    }

    static FormUrlEncodedContent Form(string token, string? reason) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["unmasked"] = "true", ["reason"] = reason ?? "",
    });

    async Task<List<string?>> AuditDetailsAsync(string userName)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == "export" && a.UserName == userName)
            .OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
    }

    [Fact]
    public async Task The_persons_export_has_chinese_headers_masked_numbers_the_current_filters_and_an_audit_row()
    {
        var name = RegistryData.UniqueName("导");
        var a = await app.AddCaseAsync(TestData.Xianghe, name);
        await app.AddCaseAsync(TestData.Xianghe, name, p => p.Sex = Sex.Male);
        var xianghe = await app.SignedInAsync("xianghe");

        var rows = await SheetAsync(await xianghe.GetAsync($"/Export/Persons?name={Uri.EscapeDataString(name)}&sex=Female"));

        Assert.Equal(["姓名", "身份证号", "联系电话", "性别", "出生日期", "社区代码", "现居住社区", "流入日期", "流动方向", "个案状态"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal(name, row[0]);
        Assert.Equal(Masking.IdNumber(a.IdNumber), row[1]);
        Assert.Equal(Masking.Phone(a.Phone), row[2]);
        Assert.Equal("女", row[3]);
        var detail = (await AuditDetailsAsync("xianghe")).Last();
        Assert.Contains("masked", detail, StringComparison.Ordinal);
        Assert.Contains("sex=Female", detail, StringComparison.Ordinal);
        Assert.EndsWith("rows=1", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(name, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmasked_export_needs_a_reason_and_is_audited_with_it()
    {
        var name = RegistryData.UniqueName("全");
        var a = await app.AddCaseAsync(TestData.Xianghe, name);
        var xianghe = await app.SignedInAsync("xianghe");
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, "/Persons");
        var url = $"/Export/Persons?name={Uri.EscapeDataString(name)}";

        var withoutReason = await xianghe.PostAsync(url, Form(token, null));
        var rows = await SheetAsync(await xianghe.PostAsync(url, Form(token, "入户核查需要")));

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal([a.IdNumber, a.Phone], rows[1].Skip(1).Take(2));
        var detail = (await AuditDetailsAsync("xianghe")).Last();
        Assert.StartsWith("unmasked; reason=入户核查需要", detail, StringComparison.Ordinal);
        Assert.EndsWith("rows=1", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_district_user_gets_the_masked_export_but_not_the_unmasked_one()
    {
        var name = RegistryData.UniqueName("区");
        var a = await app.AddCaseAsync(TestData.Xianghe, name);
        var erqi = await app.SignedInAsync("erqi");
        var token = await Browserless.AntiforgeryTokenAsync(erqi, "/Persons");

        var masked = await SheetAsync(await erqi.GetAsync($"/Export/Persons?name={Uri.EscapeDataString(name)}"));
        var unmasked = await erqi.PostAsync($"/Export/Persons?name={Uri.EscapeDataString(name)}", Form(token, "统计"));

        Assert.Equal(Masking.IdNumber(a.IdNumber), masked[1][1]);
        Assert.Equal(HttpStatusCode.NotFound, unmasked.StatusCode);
        Assert.DoesNotContain(a.IdNumber, await unmasked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_quality_and_duplicate_lists_export_masked_with_their_headers()
    {
        const string community = "410103007063";
        var name = RegistryData.UniqueName("表");
        var birth = new DateOnly(1983, 3, 3);
        var a = await app.AddCaseAsync(community, name, p => { p.BirthDate = birth; p.Phone = null; });
        await app.AddCaseAsync(community, name, p => p.BirthDate = birth);
        var daxuelu = await app.SignedInAsync("daxuelu");

        var quality = await SheetAsync(await daxuelu.GetAsync($"/Export/DataQuality?issue=MissingFields&community={community}"));
        var duplicates = await SheetAsync(await daxuelu.GetAsync("/Export/Duplicates?kind=NameBirthHukou"));

        Assert.Equal("未通过的校验", quality[0][6]);
        var q = Assert.Single(quality.Skip(1));
        Assert.Equal([name, Masking.IdNumber(a.IdNumber)], q.Take(2));
        Assert.Equal("联系电话", q[7]);
        Assert.Equal("组号", duplicates[0][0]);
        var mine = duplicates.Skip(1).Where(r => r[1] == name).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Single(mine.Select(r => r[0]).Distinct());
        Assert.All(mine, r => Assert.Contains("********", r[2], StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class ExportTestsOnSqlite(SqliteApp app) : ExportTests(app);

[Collection(OnPostgres.Name)]
public sealed class ExportTestsOnPostgres(PostgresApp app) : ExportTests(app);
