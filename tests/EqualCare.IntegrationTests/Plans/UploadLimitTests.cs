using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Features.Import;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Plans;

/// <summary>Issue 14, point 11 (rest): the upload limit is a setting held on every upload route, and the allocation
/// upload answers a file beyond the import's limits with a 400 naming the limit, not a 500.</summary>
public abstract class UploadLimitTests(AppFixture app)
{
    [Fact]
    public async Task A_plan_allocation_xlsx_beyond_the_column_limit_is_a_400_naming_the_limit_and_changes_nothing()
    {
        var limit = app.Services.GetRequiredService<ImportSettings>().Limits.MaxColumns;
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("列数超限的分配表"));
        var header = Enumerable.Range(1, limit + 50).Select(i => "列" + i).ToList();

        var response = await SeedPlans.UploadAsync(daxuelu, id, SeedPlans.Xlsx(header, []), "列太多.xlsx", 0);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("import.file.limit.columns", problem.GetProperty("code").GetString());
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("title").GetString());
        Assert.Equal(0, (await SeedPlans.GetAsync(daxuelu, id)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Every_upload_route_is_held_to_the_configured_limit_and_answers_413_naming_it()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await SeedPlans.CreateAsync(daxuelu, SeedPlans.Annex1("上传上限的分配表"));
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("EqualCare:Import:MaxUploadMegabytes", "1"));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync("daxuelu", TestData.DemoPassword)).StatusCode);
        var token = await Browserless.AntiforgeryTokenAsync(client, "/Import");
        client.DefaultRequestHeaders.Add(Browserless.TokenHeader, token);
        // 1.5 MB: beyond the setting of 1 MB, within the allocation file's own 2 MB and the former 1 GiB constant.
        var body = new byte[3 << 19];
        Array.Fill(body, (byte)'1');

        foreach (var (url, field, name) in new[]
                 {
                     ("/api/persons/import?mode=validate", "file", "大.csv"),
                     ($"/api/plans/{id}/allocations/file", "file", "大.csv"),
                     ("/Import", "upload", "大.csv"),
                     ($"/Plans/{id}/Allocate?handler=Upload", "Upload", "大.csv"),
                 })
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(body), field, name }, { new StringContent("0"), "version" } };
            var response = await client.PostAsync(url, form);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{url}: {(int)response.StatusCode} {text}");
            Assert.Contains("1 MB", text, StringComparison.Ordinal);
        }
        Assert.Equal(0, (await SeedPlans.GetAsync(daxuelu, id)).GetProperty("version").GetInt32());
    }
}

[Collection(PlansOnSqlite.Name)]
public sealed class UploadLimitTestsOnSqlite(SqliteApp app) : UploadLimitTests(app);

[Collection(PlansOnPostgres.Name)]
public sealed class UploadLimitTestsOnPostgres(PostgresApp app) : UploadLimitTests(app);
