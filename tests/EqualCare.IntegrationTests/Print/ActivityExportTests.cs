using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;

namespace EqualCare.IntegrationTests.Print;

/// <summary>The activity log exports to xlsx (the page's columns, corrections named, audited) and has a print layout.</summary>
public abstract class ActivityExportTests(AppFixture app)
{
    [Fact]
    public async Task The_activity_log_of_a_period_exports_to_xlsx_with_its_columns_and_corrections_and_is_audited()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var first = await ActivityAsync(xianghe, "2024-03-05", "Publicity", new { publicity = 120, materials = 300 });
        await ActivityAsync(xianghe, "2024-03-06", "Publicity", new { publicity = 150, materials = 300 }, corrects: first, reason: "人数记错");
        await ActivityAsync(xianghe, "2024-04-02", "Visit", new { visits = 9 }); // outside the period

        var response = await xianghe.GetAsync("/Activities?handler=xlsx&from=2024-03-01&to=2024-03-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["日期", "活动类型", "地点", "说明"], rows[0].Take(4));
        Assert.Contains("宣传服务（人）", rows[0]);
        Assert.Equal("更正说明", rows[0][^1]);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["2024-03-06", "宣传服务", "祥和社区广场"], rows[1].Take(3));
        Assert.Equal("150", rows[1][rows[0].IndexOf("宣传服务（人）")]);
        Assert.Contains("人数记错", rows[1][^1], StringComparison.Ordinal);
        Assert.Contains("更正", rows[2][^1], StringComparison.Ordinal);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.UserName == "xianghe" && a.Action == "export" && a.Entity == "activity")
            .OrderBy(a => a.Id).LastAsync();
        Assert.Equal("activities; from=2024-03-01; to=2024-03-31; rows=2", audit.Detail);
    }

    [Fact]
    public async Task The_activity_page_offers_the_export_and_print_and_links_its_print_stylesheet()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");

        var html = await daxuelu.GetStringAsync("/Activities?from=2024-01-01&to=2024-12-31");
        var css = await daxuelu.GetStringAsync("/css/activities.css");

        Assert.Contains("/Activities?handler=xlsx&from=2024-01-01&to=2024-12-31", html, StringComparison.Ordinal);
        Assert.Contains("id=\"activities-print\"", html, StringComparison.Ordinal);
        Assert.Contains("/css/activities.css", html, StringComparison.Ordinal);
        Assert.Contains("@media print", css, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await daxuelu.GetAsync("/Activities?handler=xlsx&from=2024-01-01&to=2024-12-31")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ActivityExportTestsOnSqlite(SqliteApp app) : ActivityExportTests(app);

[Collection(OnPostgres.Name)]
public sealed class ActivityExportTestsOnPostgres(PostgresApp app) : ActivityExportTests(app);
