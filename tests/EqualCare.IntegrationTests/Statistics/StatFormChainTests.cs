using System.Net;
using System.Text.Json;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;

namespace EqualCare.IntegrationTests.Statistics;

/// <summary>
/// The rules that keep a statistics form's figures adding up through the approval chain (issue: figures that add up): a
/// form's 合计 is the sum of the rows it shows in every state; an upper form lists every unit below it with its state; a form
/// whose upper form is submitted or approved can no longer change until the upper office reopens its own form (audited);
/// submitting an upper form with units not approved needs a reason, printed as 未报单位. Also the units (natural units on
/// screen, seed 002's 万 units to four decimals in print and export), the title and the 退回 confirmation.
/// </summary>
public abstract class StatFormChainTests(AppFixture app)
{
    static readonly string[] FigureCodes =
    [
        "publicity", "materials", "consultations", "fpTechnical", "contraceptives", "certificates", "visits", "leftBehind",
        "mattersResolved", "aidValue", "rewardPersons", "rewardValue", "catchUpVaccinations", "diseaseControl", "infoCollected",
    ];

    [Fact]
    public async Task A_late_community_approval_is_refused_until_the_street_reopens_its_form_and_the_total_is_the_sum_of_the_rows_in_every_state()
    {
        const string start = "2025-05-01", end = "2025-05-31";
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var erqi = await app.SignedInAsync("erqi");

        await ActivityAsync(xianghe, "2025-05-05", "Publicity", new { publicity = 100 });
        await ActivityAsync(zhongyuan, "2025-05-06", "Publicity", new { publicity = 50 });
        var xiangheForm = await OpenAsync(xianghe, start, end);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(xianghe, xiangheForm, new { diseaseControl = "2" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(xianghe, xiangheForm, "submit")).StatusCode);
        var zhongyuanForm = await OpenAsync(zhongyuan, start, end);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(zhongyuan, zhongyuanForm, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, xiangheForm, "approve")).StatusCode);

        // The street's draft lists every community of 大学路 with its state; only the approved one has figures.
        var street = await OpenAsync(daxuelu, start, end);
        var form = await GetAsync(daxuelu, street);
        AssertTotalIsSumOfRows(form);
        var units = UnitRows(form);
        Assert.True(units.Count > 2, "every community below the street is listed, not only those with a form");
        Assert.Equal("Approved", RowState(units, TestData.Xianghe));
        Assert.Equal("Submitted", RowState(units, TestData.Zhongyuan));
        Assert.Contains(units, r => r.GetProperty("state").GetString() == "NotFiled");
        Assert.Equal((100L, 2L), (Amount(form, "publicity"), Amount(form, "diseaseControl")));

        // Submitting with communities not approved needs a reason, kept and shown as 未报单位.
        Assert.Equal("statform.unreported.reason", await RefusalAsync(await ActAsync(daxuelu, street, "submit"), HttpStatusCode.BadRequest));
        Assert.Equal("Draft", State(await GetAsync(daxuelu, street)));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, street, "submit", "中原社区迟报，其余社区本月无活动")).StatusCode);
        form = await GetAsync(daxuelu, street);
        Assert.Equal("中原社区迟报，其余社区本月无活动", form.GetProperty("unreportedReason").GetString());
        AssertTotalIsSumOfRows(form);

        // The street's form is submitted: the late community can be neither approved nor returned nor changed.
        Assert.Equal("statform.upper.locked", await RefusalAsync(await ActAsync(daxuelu, zhongyuanForm, "approve"), HttpStatusCode.Conflict));
        Assert.Equal("statform.upper.locked", await RefusalAsync(await ActAsync(daxuelu, zhongyuanForm, "return", "请补充"), HttpStatusCode.Conflict));
        Assert.Equal("statform.upper.locked", await RefusalAsync(await SaveAsync(xianghe, xiangheForm, new { }), HttpStatusCode.Conflict));
        Assert.Equal("Submitted", State(await GetAsync(zhongyuan, zhongyuanForm)));
        AssertTotalIsSumOfRows(await GetAsync(daxuelu, street));

        // The district approves the street; still refused.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(erqi, street, "approve")).StatusCode);
        Assert.Equal("statform.upper.locked", await RefusalAsync(await ActAsync(daxuelu, zhongyuanForm, "approve"), HttpStatusCode.Conflict));
        form = await GetAsync(daxuelu, street);
        Assert.Equal("Approved", State(form));
        AssertTotalIsSumOfRows(form);
        Assert.Equal(100L, Amount(form, "publicity"));

        // The district's own form is submitted too: the street cannot reopen its approved form until the district reopens its own.
        var district = await OpenAsync(erqi, start, end);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(erqi, district, "submit", "其他街道未报")).StatusCode);
        Assert.Equal("statform.upper.locked", await RefusalAsync(await ActAsync(daxuelu, street, "reopen", "中原社区迟报"), HttpStatusCode.Conflict));
        Assert.Equal("statform.reason.required", await RefusalAsync(await ActAsync(erqi, district, "reopen", " "), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(daxuelu, district, "reopen", "x")).StatusCode); // above the street: not in its scope
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(erqi, district, "reopen", "大学路街道需补报中原社区")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, street, "reopen", "中原社区迟报")).StatusCode);
        form = await GetAsync(daxuelu, street);
        Assert.Equal("Returned", State(form));
        AssertTotalIsSumOfRows(form);

        // Now the late community is approved and counts; the street resubmits.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, zhongyuanForm, "approve")).StatusCode);
        form = await GetAsync(daxuelu, street);
        AssertTotalIsSumOfRows(form);
        Assert.Equal(150L, Amount(form, "publicity"));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, street, "submit", "其余社区本月无活动")).StatusCode);
        form = await GetAsync(daxuelu, street);
        AssertTotalIsSumOfRows(form);
        Assert.Equal(("Submitted", 150L), (State(form), Amount(form, "publicity")));
        var history = form.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("to").GetString(), h.GetProperty("reason").GetString())).ToList();
        Assert.Contains(("Returned", "中原社区迟报"), history);

        // Each reopening is audited in the transaction that wrote it.
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var audited = (await connection.QueryAsync<string>(
            "SELECT user_name FROM audit_entries WHERE entity = 'statform' AND action = 'reopen' AND outcome = 1 AND entity_id IN (@street, @district)",
            new { street = street.ToString(System.Globalization.CultureInfo.InvariantCulture), district = district.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        Assert.Equal(["daxuelu", "erqi"], audited.Order());
    }

    [Fact]
    public async Task A_community_approved_while_its_street_submits_is_never_left_out_of_the_submitted_street_form()
    {
        // Twelve races (one per month of 2023): the street approves 祥和's form and submits its own at the same moment.
        // Whatever order they commit in, a submitted street form must have stored the figures of every community that
        // ends up approved under it; the loser of the race gets 409 (statform.stale or statform.upper.locked).
        var xianghe = await app.SignedInAsync("xianghe");
        var daxuelu = await app.SignedInAsync("daxuelu");
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var leftOut = new List<string>();
        var outcomes = new List<string>();
        for (var month = 1; month <= 12; month++)
        {
            var first = new DateOnly(2023, month, 1);
            var (start, end) = (Day(first), Day(first.AddMonths(1).AddDays(-1)));
            var community = await OpenAsync(xianghe, start, end);
            Assert.Equal(HttpStatusCode.OK, (await SaveAsync(xianghe, community, new { diseaseControl = "2" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(xianghe, community, "submit")).StatusCode);
            var street = await OpenAsync(daxuelu, start, end);

            var approve = ActAsync(daxuelu, community, "approve");
            var submit = ActAsync(daxuelu, street, "submit", "其余社区本月未报");
            var (approved, submitted) = (await approve, await submit);
            outcomes.Add($"{(int)approved.StatusCode}/{(int)submitted.StatusCode}");
            Assert.Contains(approved.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            Assert.Contains(submitted.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });

            var states = (await connection.QueryAsync<(long Id, short State)>("SELECT id, state FROM stat_forms WHERE id IN (@community, @street)",
                new { community, street })).ToDictionary(r => r.Id, r => r.State);
            var stored = await connection.ExecuteScalarAsync<long?>(
                "SELECT amount FROM stat_form_cells WHERE form_id = @street AND column_code = 'diseaseControl'", new { street });
            if (states[street] == 2 && states[community] == 4 && stored != 2) leftOut.Add($"{start}: street stored {(stored is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "nothing")}");
        }
        Assert.True(leftOut.Count == 0, $"approved communities left out of submitted street forms: {string.Join("; ", leftOut)} (outcomes {string.Join(", ", outcomes)})");
    }

    static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Figures_are_typed_and_shown_in_natural_units_and_printed_and_exported_in_the_seed_units_with_four_decimals()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        // 2025's 春节 is 29 January: a period around it is the Spring Festival campaign of seed 002.
        var id = await OpenAsync(xianghe, "2025-01-20", "2025-02-28");
        Assert.Equal("statform.cell.bad", await RefusalAsync(await SaveAsync(xianghe, id, new { diseaseControl = "0.0012" }), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(xianghe, id, new { diseaseControl = "2" })).StatusCode);
        var form = await GetAsync(xianghe, id);
        Assert.Equal((2L, "0.0002"), (Amount(form, "diseaseControl"), Value(form, "diseaseControl")));
        Assert.Equal("春节期间开展流动人口关怀关爱活动有关情况统计表", form.GetProperty("title").GetString());

        var html = await xianghe.GetStringAsync($"/StatForms/{id}");
        Assert.Contains("春节期间开展流动人口关怀关爱活动有关情况统计表", html, StringComparison.Ordinal);
        Assert.Matches("name=\"Values\\[diseaseControl\\]\" value=\"2\"", html);
        Assert.Contains("<span class=\"print-only\">0.0002</span>", html, StringComparison.Ordinal);

        var xlsx = await xianghe.GetByteArrayAsync($"/StatForms/{id}/xlsx");
        var sheet = SheetXml(xlsx);
        Assert.Contains("春节期间开展流动人口关怀关爱活动有关情况统计表", sheet, StringComparison.Ordinal);
        Assert.Contains("实施传染病防控（万例）", sheet, StringComparison.Ordinal);
        Assert.Matches("<(?:x:)?v>0\\.0002</(?:x:)?v>", sheet);

        // A period that is not around 春节 has the seed's title without 春节期间.
        var july = await GetAsync(xianghe, await OpenAsync(xianghe, "2025-07-01", "2025-07-31"));
        Assert.Equal("开展流动人口关怀关爱活动有关情况统计表", july.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Returning_a_form_on_its_page_shows_the_confirmation()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var id = await OpenAsync(xianghe, "2025-06-01", "2025-06-30");
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(xianghe, id, "submit")).StatusCode);

        var token = await Browserless.AntiforgeryTokenAsync(daxuelu, $"/StatForms/{id}");
        var version = (await GetAsync(daxuelu, id)).GetProperty("version").GetInt32();
        var response = await daxuelu.PostAsync($"/StatForms/{id}?handler=Return", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reason"] = "数字请与台账核对",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await daxuelu.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("已退回。", page, StringComparison.Ordinal);
        Assert.Equal("Returned", State(await GetAsync(xianghe, id)));
    }

    /// <summary>
    /// 合计 (the total row, and the form's cells) is, column by column, the sum of the unit rows that show figures, and exactly
    /// the approved units show figures.
    /// </summary>
    static void AssertTotalIsSumOfRows(JsonElement form)
    {
        var rows = form.GetProperty("rows").EnumerateArray().ToList();
        var total = rows.Single(r => r.GetProperty("isTotal").GetBoolean());
        var units = rows.Where(r => !r.GetProperty("isTotal").GetBoolean()).ToList();
        foreach (var unit in units)
            Assert.Equal(unit.GetProperty("state").GetString() == "Approved", unit.GetProperty("figures").ValueKind == JsonValueKind.Object);
        foreach (var code in FigureCodes)
        {
            var sum = units.Where(u => u.GetProperty("figures").ValueKind == JsonValueKind.Object)
                .Sum(u => u.GetProperty("figures").TryGetProperty(code, out var v) ? v.GetInt64() : 0);
            Assert.Equal(sum, total.GetProperty("figures").GetProperty(code).GetInt64());
            Assert.Equal(sum, Amount(form, code));
        }
    }

    static List<JsonElement> UnitRows(JsonElement form) =>
        form.GetProperty("rows").EnumerateArray().Where(r => !r.GetProperty("isTotal").GetBoolean()).ToList();

    static string? RowState(List<JsonElement> rows, string org) =>
        rows.Single(r => r.GetProperty("orgCode").GetString() == org).GetProperty("state").GetString();

    static string SheetXml(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }
}

[Collection(OnSqlite.Name)]
public sealed class StatFormChainTestsOnSqlite(SqliteApp app) : StatFormChainTests(app);

[Collection(OnPostgres.Name)]
public sealed class StatFormChainTestsOnPostgres(PostgresApp app) : StatFormChainTests(app);
