using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Issue 14 point 16: a load stopped midway by a killed process is detected and can be retried or discarded from the import
/// pages, and upload files (full ID numbers) are removed when their import ends or, abandoned, once KeepHours have passed.
/// A killed process leaves its load's lease behind, no longer renewed: the tests leave one as it would.
/// </summary>
public abstract class ImportInterruptionTests(AppFixture app)
{
    static string Id(DateOnly birth) => TestData.NewIdNumber(Sex.Female, birth);

    /// <summary>Uploads a two-row CSV through the page; returns the report page's address and the upload's folder.</summary>
    async Task<(string ReportPage, string Folder, string[] Numbers)> UploadAsync(HttpClient client, string fileName)
    {
        string[] numbers = [Id(new DateOnly(1990, 3, 1)), Id(new DateOnly(1990, 3, 2))];
        var csv = Encoding.UTF8.GetBytes("姓名,身份证号,现居住社区代码,流入日期\r\n" +
                                         $"中断甲,{numbers[0]},{TestData.Xianghe},2025-01-01\r\n中断乙,{numbers[1]},{TestData.Xianghe},2025-01-01\r\n");
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { content, "upload", fileName } };
        form.Add(new StringContent(await Browserless.AntiforgeryTokenAsync(client, "/Import")), "__RequestVerificationToken");
        var posted = await client.PostAsync("/Import", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var reportPage = posted.Headers.Location!.OriginalString;
        var importId = reportPage["/Import/Report/".Length..];
        await using var scope = app.Scope();
        var userId = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Users.Where(u => u.UserName == "xianghe").Select(u => u.Id).SingleAsync();
        var folder = Path.Combine(app.Services.GetRequiredService<ImportSettings>().Folder, userId.ToString(CultureInfo.InvariantCulture), importId);
        Assert.True(Directory.Exists(folder));
        return (reportPage, folder, numbers);
    }

    /// <summary>The lease a load holds, as a process killed at <paramref name="renewedAt"/> leaves it.</summary>
    static void LeaveLease(string folder, string mode, DateTimeOffset renewedAt) =>
        File.WriteAllText(Path.Combine(folder, "load.lease"), mode + "\n" + renewedAt.UtcDateTime.Ticks.ToString(CultureInfo.InvariantCulture));

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, string reportPage, string handler, string? mode = null)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, "/Import") };
        if (mode is not null) fields["mode"] = mode;
        return await client.PostAsync(reportPage + "?handler=" + handler, new FormUrlEncodedContent(fields));
    }

    async Task<int> PersonsAsync(string[] numbers)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.CountAsync(p => numbers.Contains(p.IdNumber));
    }

    [Fact]
    public async Task A_load_interrupted_by_a_killed_process_is_shown_and_loads_once_retried()
    {
        var client = await app.SignedInAsync("xianghe");
        var (reportPage, folder, numbers) = await UploadAsync(client, "中断.csv");
        LeaveLease(folder, "All", app.Clock.GetUtcNow().AddMinutes(-10));

        var report = await client.GetStringAsync(reportPage);
        Assert.Contains("id=\"import-interrupted\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"load-all\"", report, StringComparison.Ordinal);
        Assert.Contains("import-state-interrupted", await client.GetStringAsync("/Import"), StringComparison.Ordinal);
        // An ordinary load does not run over an interrupted one: the user chooses retry or discard.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, reportPage, "Load", "all")).StatusCode);
        Assert.Equal(0, await PersonsAsync(numbers));

        var retried = await PostAsync(client, reportPage, "Retry");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("/Import?loaded=2&skipped=0", retried.Headers.Location!.OriginalString);
        Assert.Equal(2, await PersonsAsync(numbers));
        Assert.False(Directory.Exists(folder)); // the upload is gone once loaded
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(reportPage)).StatusCode);
    }

    [Fact]
    public async Task An_interrupted_load_can_be_discarded_and_a_load_under_way_is_neither_retried_nor_discarded()
    {
        var client = await app.SignedInAsync("xianghe");
        var (reportPage, folder, numbers) = await UploadAsync(client, "进行中.csv");
        LeaveLease(folder, "Valid", app.Clock.GetUtcNow()); // a load renewing its lease: alive

        Assert.Contains("id=\"import-loading\"", await client.GetStringAsync(reportPage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, reportPage, "Retry")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, reportPage, "Discard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, reportPage, "Load", "valid")).StatusCode);
        Assert.True(Directory.Exists(folder));
        Assert.Equal(0, await PersonsAsync(numbers));

        LeaveLease(folder, "Valid", app.Clock.GetUtcNow().AddMinutes(-10)); // the process died
        var discarded = await PostAsync(client, reportPage, "Discard");
        Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(0, await PersonsAsync(numbers));
    }

    [Fact]
    public async Task Uploads_left_behind_are_removed_once_the_keep_time_has_passed_but_not_a_load_under_way()
    {
        var client = await app.SignedInAsync("xianghe");
        var (reportPage, abandoned, _) = await UploadAsync(client, "放着.csv");
        var (_, interrupted, _) = await UploadAsync(client, "断了.csv");
        LeaveLease(interrupted, "All", app.Clock.GetUtcNow().AddMinutes(-10));
        var (_, running, _) = await UploadAsync(client, "在导.csv");
        var cleanup = app.Services.GetRequiredService<ImportCleanup>();

        cleanup.RemoveExpired();
        Assert.True(Directory.Exists(abandoned) && Directory.Exists(interrupted) && Directory.Exists(running));

        var later = app.Clock.GetUtcNow().AddHours(24).AddMinutes(1);
        using (app.Clock.At(later))
        {
            LeaveLease(running, "All", later); // still renewing a day later
            cleanup.RemoveExpired();
        }
        Assert.False(Directory.Exists(abandoned));
        Assert.False(Directory.Exists(interrupted));
        Assert.True(Directory.Exists(running));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(reportPage)).StatusCode);
        Directory.Delete(running, recursive: true);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ImportInterruptionTestsOnSqlite(SqliteApp app) : ImportInterruptionTests(app);

[Collection(OnPostgres.Name)]
public sealed class ImportInterruptionTestsOnPostgres(PostgresApp app) : ImportInterruptionTests(app);
