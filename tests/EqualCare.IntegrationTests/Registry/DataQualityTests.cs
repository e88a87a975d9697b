using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Web;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Registry;

/// <summary>数据质量: counts per community against hand-built cases, the lists behind them, and the ID accuracy rate.</summary>
public abstract class DataQualityTests(AppFixture app)
{
    /// <summary>A community of 大学路街道 that no other test uses, so its counts are this test's alone.</summary>
    const string Community = "410103007061";

    [Fact]
    public async Task The_counts_lists_and_accuracy_rate_match_hand_built_cases()
    {
        var now = app.Services.GetRequiredService<TimeProvider>().UtcNow();
        var today = app.Today();
        string N() => RegistryData.UniqueName("质");
        await app.AddCaseAsync(Community, N()); // clean
        await app.AddCaseAsync(Community, N(), p => { p.IdState = IdState.Invalid; p.IdFailedChecks = "AreaCode,CheckCharacter"; });
        await app.AddCaseAsync(Community, N(), p => { p.IdState = IdState.Invalid; p.IdFailedChecks = "Sex"; p.Phone = null; });
        await app.AddCaseAsync(Community, N(), p => { p.IdState = IdState.Placeholder; p.IdNumber = new string('0', 18); });
        await app.AddCaseAsync(Community, N(), p => { p.IdState = IdState.Overridden; p.IdFailedChecks = "AreaCode"; p.HukouAddress = ""; });
        await app.AddCaseAsync(Community, N(), p => { p.MaritalStatus = MaritalStatus.FirstMarriage; p.BirthDate = today.AddYears(-30); });
        await app.AddCaseAsync(Community, N(), p =>
        {
            p.MaritalStatus = MaritalStatus.Married; p.BirthDate = today.AddYears(-30); p.ContraceptionMethod = ContraceptionMethod.Iud;
        });
        await app.AddCaseAsync(Community, N(), p => { p.MaritalStatus = MaritalStatus.Married; p.BirthDate = today.AddYears(-50); });
        await app.AddCaseAsync(Community, N(), p => p.UpdatedAt = now.AddMonths(-13));
        await app.AddCaseAsync(Community, N(), p => { p.Status = CaseStatus.Departed; p.Phone = null; p.UpdatedAt = now.AddMonths(-13); });
        var survivor = await app.AddCaseAsync(Community, N());
        await app.AddCaseAsync(Community, N(), p => { p.MergedIntoId = survivor.Id; p.IdState = IdState.Invalid; p.IdFailedChecks = "Format"; });
        var daxuelu = await app.SignedInAsync("daxuelu");

        var report = await daxuelu.GetFromJsonAsync<JsonElement>("/api/data-quality");

        var row = report.GetProperty("communities").EnumerateArray().Single(c => c.GetProperty("communityCode").GetString() == Community);
        var expected = new Dictionary<string, int>
        {
            ["cases"] = 11, ["idFormat"] = 0, ["idAreaCode"] = 1, ["idBirthDate"] = 0, ["idSex"] = 1, ["idCheckCharacter"] = 1,
            ["idInvalid"] = 2, ["placeholderId"] = 1, ["missingFields"] = 2, ["noContraception"] = 1, ["stale"] = 1,
        };
        foreach (var (field, count) in expected) Assert.True(count == row.GetProperty(field).GetInt32(), $"{field}: {row.GetProperty(field)}");

        var unit = report.GetProperty("accuracy").EnumerateArray().Single(u => u.GetProperty("code").GetString() == Community);
        Assert.Equal(11, unit.GetProperty("cases").GetInt32());
        Assert.Equal(8, unit.GetProperty("accurate").GetInt32()); // 11 − 2 invalid − 1 placeholder; overridden counts
        Assert.Equal(72.7m, unit.GetProperty("ratePercent").GetDecimal());
        var total = report.GetProperty("accuracyTotal");
        Assert.Equal(report.GetProperty("accuracy").EnumerateArray().Sum(u => u.GetProperty("cases").GetInt32()), total.GetProperty("cases").GetInt32());

        foreach (var issue in new[] { "IdAreaCode", "IdSex", "PlaceholderId", "MissingFields", "NoContraception", "Stale" })
        {
            var list = await daxuelu.GetFromJsonAsync<JsonElement>($"/api/data-quality/list?issue={issue}&community={Community}");
            var field = char.ToLowerInvariant(issue[0]) + issue[1..];
            Assert.Equal(row.GetProperty(field).GetInt32(), list.GetProperty("total").GetInt32());
            Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Contains("*", i.GetProperty("idNumberMasked").GetString(), StringComparison.Ordinal));
        }
        var missing = await daxuelu.GetFromJsonAsync<JsonElement>($"/api/data-quality/list?issue=MissingFields&community={Community}");
        var keys = missing.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("missingFieldKeys").EnumerateArray().Select(k => k.GetString())).Order();
        Assert.Equal(["dataQuality.field.hukouAddress", "dataQuality.field.phone"], keys);
    }

    [Fact]
    public async Task A_district_sees_the_accuracy_rate_per_street_and_the_page_shows_both_tables()
    {
        await app.AddCaseAsync("410103007062", RegistryData.UniqueName("率"));
        var erqi = await app.SignedInAsync("erqi");

        var report = await erqi.GetFromJsonAsync<JsonElement>("/api/data-quality");
        var street = report.GetProperty("accuracy").EnumerateArray().Single(u => u.GetProperty("code").GetString() == "410103007000");
        Assert.True(street.GetProperty("cases").GetInt32() >= 1);
        Assert.Equal("410103000000", report.GetProperty("unitCode").GetString());
        var html = await erqi.GetStringAsync("/DataQuality");
        Assert.Contains("身份证号码准确率", html, StringComparison.Ordinal);
        Assert.Contains("/DataQuality?unit=410103007000", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await erqi.GetAsync("/DataQuality/List?issue=Stale&community=410103007062")).StatusCode);
    }

    [Fact]
    public async Task A_unit_outside_the_scope_or_a_system_administrator_gets_not_found()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var admin = await app.SignedInAsync("admin");

        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync("/api/data-quality?unit=" + TestData.Zhongyuan)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync("/api/data-quality/list?issue=Stale&community=" + TestData.Zhongyuan)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/DataQuality")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/data-quality")).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class DataQualityTestsOnSqlite(SqliteApp app) : DataQualityTests(app);

[Collection(OnPostgres.Name)]
public sealed class DataQualityTestsOnPostgres(PostgresApp app) : DataQualityTests(app);
