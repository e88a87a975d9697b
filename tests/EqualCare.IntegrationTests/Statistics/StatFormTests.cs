using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using EqualCare.IntegrationTests.Campaigns;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;
using static EqualCare.IntegrationTests.Statistics.StatFormApi;

namespace EqualCare.IntegrationTests.Statistics;

/// <summary>
/// The statistics form of seed 002 through the API: a community's form filled from its activity log and records, the
/// approval chain with every forged step refused, the lock, and the street and district sums. Each test uses its own
/// period in 2025, so tests sharing a database never see each other's forms.
/// </summary>
public abstract class StatFormTests(AppFixture app)
{
    // The 15 figures in the form's order (备注 is text).
    static readonly string[] FigureCodes =
    [
        "publicity", "materials", "consultations", "fpTechnical", "contraceptives", "certificates", "visits", "leftBehind",
        "mattersResolved", "aidValue", "rewardPersons", "rewardValue", "catchUpVaccinations", "diseaseControl", "infoCollected",
    ];

    static DateTime Utc(int year, int month, int day) => DateTime.SpecifyKind(new DateTime(year, month, day, 4, 0, 0), DateTimeKind.Utc);

    [Fact]
    public async Task A_community_form_is_filled_from_its_activity_log_and_records_and_only_figures_with_no_source_are_typed()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");

        var publicity = await ActivityAsync(xianghe, "2025-01-08", "Publicity", new { publicity = 1200, materials = 3000 });
        await ActivityAsync(xianghe, "2025-01-20", "Visit", new { visits = 40, leftBehind = 15, mattersResolved = 3 });
        await ActivityAsync(xianghe, "2025-02-01", "Publicity", new { publicity = 999 });          // after the period
        await ActivityAsync(zhongyuan, "2025-01-09", "Publicity", new { publicity = 777 });        // another community
        // The head count of the first entry was wrong: the correction replaces it, the original stays in the log.
        await ActivityAsync(xianghe, "2025-01-08", "Publicity", new { publicity = 1500, materials = 3000 }, publicity, "人数点错");
        var again = await xianghe.PostAsJsonAsync("/api/activities",
            new { date = "2025-01-08", place = "广场", kind = "Publicity", quantities = new { publicity = 1 }, correctsEntryId = publicity, reason = "再改" });
        Assert.Equal("activity.alreadyCorrected", await RefusalAsync(again, HttpStatusCode.Conflict));

        var woman = await app.AddPersonAsync(TestData.Xianghe, "统计甲");
        // Columns 10–12 come from the 奖励扶助 recorded per person: help 50 000 yuan, rewards to two persons, 4 000 yuan.
        var other = await app.AddPersonAsync(TestData.Xianghe, "统计乙");
        await xianghe.RecordRewardAsync(woman.Id, "Help", "2025-01-08", 50_000, "春节慰问金");
        await xianghe.RecordRewardAsync(woman.Id, "Reward", "2025-01-20", 2500, "落实长效避孕措施表彰");
        await xianghe.RecordRewardAsync(other.Id, "Reward", "2025-01-20", 1500, "落实长效避孕措施表彰");
        await xianghe.RecordRewardAsync(other.Id, "Reward", "2025-02-02", 800, "下个月的"); // after the period
        await RecordAsync(xianghe, woman.Id, new { kind = "Operation", date = "2025-01-10", operation = "IudInsertion" });
        await RecordAsync(xianghe, woman.Id, new { kind = "WomensCheckup", date = "2025-01-12", result = "Normal" });
        await RecordAsync(xianghe, woman.Id, new { kind = "Contraceptives", date = "2025-01-13", item = "避孕套", quantity = 20 });
        var wrong = await RecordAsync(xianghe, woman.Id, new { kind = "WomensCheckup", date = "2025-01-14", result = "Normal" });
        Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync($"/api/persons/{woman.Id}/services/{wrong}/void", new { reason = "重复录入" })).StatusCode);
        await RecordAsync(xianghe, woman.Id, new { kind = "Contraceptives", date = "2025-02-03", item = "避孕套", quantity = 5 }); // after the period
        // Two children registered in January: HepB dose 1 at two years old is a catch-up (due before 12 months); dose 2 at one month is not.
        var late = await AddChildAsync(new DateOnly(2023, 1, 5), Utc(2025, 1, 6));
        var onTime = await AddChildAsync(new DateOnly(2024, 12, 1), Utc(2025, 1, 6));
        await AddImmunisationAsync(late, "HepB", 1, new DateOnly(2025, 1, 15));
        await AddImmunisationAsync(onTime, "HepB", 2, new DateOnly(2025, 1, 2));
        await AddCertificateAsync(woman.Id, Utc(2025, 1, 21));

        var id = await OpenAsync(xianghe, "2025-01-01", "2025-01-31");
        var form = await GetAsync(xianghe, id);
        Assert.Equal("Draft", State(form));
        Assert.Equal(
            [1500L, 3000, 0, 2, 1, 1, 40, 15, 3, 50_000, 2, 4000, 1, 0, 2],
            FigureCodes.Select(code => Amount(form, code)));
        Assert.Equal(("0.1500", "5.0000", "2", "0.0002"), (Value(form, "publicity"), Value(form, "aidValue"), Value(form, "rewardPersons"),
            Value(form, "fpTechnical")));
        Assert.Equal(id, await OpenAsync(xianghe, "2025-01-01", "2025-01-31")); // one form per unit and period

        Assert.Equal("statform.cell.sourced", await RefusalAsync(await SaveAsync(xianghe, id, new { publicity = "9" }), HttpStatusCode.BadRequest));
        // Figures are typed in natural units (例): a fraction, as typed in 万 before, is refused.
        Assert.Equal("statform.cell.bad", await RefusalAsync(await SaveAsync(xianghe, id, new { diseaseControl = "0.0012" }), HttpStatusCode.BadRequest));
        Assert.Equal("statform.cell.unknown", await RefusalAsync(await SaveAsync(xianghe, id, new { nope = "1" }), HttpStatusCode.BadRequest));
        Assert.Equal(0, Amount(await GetAsync(xianghe, id), "diseaseControl"));

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(xianghe, id, new { diseaseControl = "12" }, "春节期间")).StatusCode);
        form = await GetAsync(xianghe, id);
        Assert.Equal((12L, "0.0012", "春节期间"), (Amount(form, "diseaseControl"), Value(form, "diseaseControl"), form.GetProperty("remarks").GetString()));

        // The workbook has the form's title and header row with units.
        var xlsx = await xianghe.GetAsync($"/StatForms/{id}/xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var sheet = SheetXml(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains("开展流动人口关怀关爱活动有关情况统计表", sheet, StringComparison.Ordinal);
        Assert.Contains("宣传服务（万人）", sheet, StringComparison.Ordinal);
        Assert.Matches("<(?:x:)?v>0\\.15(?:00)?</(?:x:)?v>", sheet);
    }

    [Fact]
    public async Task The_approval_chain_refuses_every_forged_step_and_an_approved_form_is_locked()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var dongfenglu = await app.SignedInAsync("dongfenglu");
        var erqi = await app.SignedInAsync("erqi");
        var admin = await app.SignedInAsync("admin");
        var id = await OpenAsync(xianghe, "2025-02-01", "2025-02-28");

        Assert.Equal("statform.notSubmitted", await RefusalAsync(await ActAsync(daxuelu, id, "approve"), HttpStatusCode.Conflict));
        Assert.Equal("statform.forbidden.edit", await RefusalAsync(await SaveAsync(daxuelu, id, new { diseaseControl = "1" }), HttpStatusCode.Forbidden));
        Assert.Equal("statform.forbidden.submit", await RefusalAsync(await ActAsync(daxuelu, id, "submit"), HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(xianghe, id, "submit")).StatusCode);
        Assert.Equal("statform.submitted", await RefusalAsync(await SaveAsync(xianghe, id, new { diseaseControl = "1" }), HttpStatusCode.Conflict));

        // A community approving its own form, a district skipping the street, a street of another district.
        Assert.Equal("statform.forbidden.review", await RefusalAsync(await ActAsync(xianghe, id, "approve"), HttpStatusCode.Forbidden));
        Assert.Equal("statform.forbidden.review", await RefusalAsync(await ActAsync(erqi, id, "approve"), HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(dongfenglu, id, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dongfenglu.GetAsync($"/api/statforms/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/statforms/{id}")).StatusCode);
        Assert.Equal("Submitted", State(await GetAsync(xianghe, id)));

        Assert.Equal("statform.reason.required", await RefusalAsync(await ActAsync(daxuelu, id, "return", " "), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, id, "return", "传染病防控数字漏填")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(xianghe, id, new { diseaseControl = "3" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(xianghe, id, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, id, "approve")).StatusCode);

        Assert.Equal("statform.locked", await RefusalAsync(await SaveAsync(xianghe, id, new { diseaseControl = "9" }), HttpStatusCode.Conflict));
        Assert.Equal("statform.locked", await RefusalAsync(await ActAsync(xianghe, id, "submit"), HttpStatusCode.Conflict));
        Assert.Equal("statform.locked", await RefusalAsync(await ActAsync(daxuelu, id, "return", "再看看"), HttpStatusCode.Conflict));
        var form = await GetAsync(xianghe, id);
        Assert.Equal(("Approved", 3L), (State(form), Amount(form, "diseaseControl")));
        Assert.False(form.GetProperty("canEdit").GetBoolean());
        var history = form.GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("userName").GetString(), h.GetProperty("to").GetString(), h.GetProperty("reason").GetString())).ToList();
        Assert.Equal(
        [
            ("xianghe", "Draft", null), ("xianghe", "Submitted", null), ("daxuelu", "Returned", "传染病防控数字漏填"),
            ("xianghe", "Submitted", null), ("daxuelu", "Approved", null),
        ], history);

        // The database refuses too: neither the approved form's cells nor its history can be changed behind the app's back.
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE stat_form_cells SET amount = 1 WHERE form_id = @id", new { id }));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE stat_forms SET state = 1 WHERE id = @id", new { id }));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM stat_form_events WHERE form_id = @id", new { id }));
        Assert.Equal(3L, Amount(await GetAsync(xianghe, id), "diseaseControl"));
    }

    [Fact]
    public async Task A_street_form_sums_its_approved_communities_and_the_district_form_sums_its_approved_streets()
    {
        const string start = "2025-03-01", end = "2025-03-31";
        var (huaihe, huaiheCommunity) = await OtherStreetOfErqiAsync();
        var xianghe = await app.SignedInAsync("xianghe");
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var erqi = await app.SignedInAsync("erqi");

        await ActivityAsync(xianghe, "2025-03-05", "Publicity", new { publicity = 100 });
        await xianghe.RecordRewardAsync((await app.AddPersonAsync(TestData.Xianghe, "统计丙")).Id, "Help", "2025-03-05", 2000, "困难户帮扶");
        await ActivityAsync(zhongyuan, "2025-03-06", "Publicity", new { publicity = 50 });
        await ActivityAsync(huaiheCommunity, "2025-03-07", "Publicity", new { publicity = 7 });
        var xiangheForm = await SubmitCommunityAsync(xianghe, start, end, "2");
        var zhongyuanForm = await SubmitCommunityAsync(zhongyuan, start, end, "1");
        var huaiheCommunityForm = await SubmitCommunityAsync(huaiheCommunity, start, end, "0");

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, xiangheForm, "approve")).StatusCode);
        var street = await OpenAsync(daxuelu, start, end);
        var form = await GetAsync(daxuelu, street);
        // Only the approved community counts; 中原 is still waiting for review.
        Assert.Equal((100L, 2L, 2000L), (Amount(form, "publicity"), Amount(form, "diseaseControl"), Amount(form, "aidValue")));
        Assert.Equal("statform.cell.sourced", await RefusalAsync(await SaveAsync(daxuelu, street, new { diseaseControl = "1" }), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, zhongyuanForm, "approve")).StatusCode);
        form = await GetAsync(daxuelu, street);
        Assert.Equal((150L, 3L), (Amount(form, "publicity"), Amount(form, "diseaseControl")));
        Assert.Equal(2, form.GetProperty("children").GetArrayLength());

        // 大学路 has more communities than the two approved: going up needs the reason, printed as 未报单位.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(daxuelu, street, "submit", "其余社区本月无活动")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(huaihe, huaiheCommunityForm, "approve")).StatusCode);
        var otherStreet = await OpenAsync(huaihe, start, end);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(huaihe, otherStreet, "submit", "其余社区本月无活动")).StatusCode);
        // Another street of the district cannot see, let alone approve, 大学路's form.
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(huaihe, street, "approve")).StatusCode);
        Assert.Equal("statform.forbidden.review", await RefusalAsync(await ActAsync(daxuelu, street, "approve"), HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(erqi, street, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(erqi, otherStreet, "approve")).StatusCode);

        var district = await OpenAsync(erqi, start, end);
        form = await GetAsync(erqi, district);
        Assert.Equal((157L, 3L, 2000L), (Amount(form, "publicity"), Amount(form, "diseaseControl"), Amount(form, "aidValue")));
        Assert.Equal(["Approved", "Approved"], form.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("state").GetString()));
        // The street's approved figures stay as approved even when the log changes afterwards.
        await ActivityAsync(xianghe, "2025-03-20", "Publicity", new { publicity = 1000 });
        Assert.Equal(150L, Amount(await GetAsync(daxuelu, street), "publicity"));
        Assert.Equal(157L, Amount(await GetAsync(erqi, district), "publicity"));
    }

    [Fact]
    public async Task Bad_activities_and_periods_are_refused_and_change_nothing()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var daxuelu = await app.SignedInAsync("daxuelu");
        var before = (await xianghe.GetFromJsonAsync<JsonElement>("/api/activities?from=2025-04-01&to=2025-04-30")).GetArrayLength();
        var cases = new (object Body, string Code)[]
        {
            (new { date = "2025-04-02", place = "广场", kind = "Publicity", quantities = new { } }, "activity.quantities.required"),
            (new { date = "2025-04-02", place = "", kind = "Publicity", quantities = new { publicity = 1 } }, "activity.place.required"),
            (new { date = "2025-04-02", place = "广场", kind = "Party", quantities = new { publicity = 1 } }, "activity.kind.bad"),
            (new { date = "2025-04-02", place = "广场", kind = "Publicity", quantities = new { publicity = -1 } }, "activity.quantity.bad"),
            (new { date = "2025-04-02", place = "广场", kind = "Publicity", quantities = new { fpTechnical = 1 } }, "activity.quantity.unknown"),
            (new { date = "2099-01-01", place = "广场", kind = "Publicity", quantities = new { publicity = 1 } }, "activity.date.future"),
        };
        foreach (var (body, code) in cases)
            Assert.Equal(code, await RefusalAsync(await xianghe.PostAsJsonAsync("/api/activities", body), HttpStatusCode.BadRequest));
        Assert.Equal("activity.forbidden", await RefusalAsync(await daxuelu.PostAsJsonAsync("/api/activities",
            new { date = "2025-04-02", place = "广场", kind = "Publicity", quantities = new { publicity = 1 } }), HttpStatusCode.Forbidden));
        Assert.Equal(before, (await xianghe.GetFromJsonAsync<JsonElement>("/api/activities?from=2025-04-01&to=2025-04-30")).GetArrayLength());

        Assert.Equal("statform.period.bad", await RefusalAsync(await xianghe.PostAsJsonAsync("/api/statforms", new { start = "2025-04-30", end = "2025-04-01" }), HttpStatusCode.BadRequest));
        Assert.Equal("statform.period.future", await RefusalAsync(await xianghe.PostAsJsonAsync("/api/statforms", new { start = "2099-01-01", end = "2099-01-31" }), HttpStatusCode.BadRequest));
        var admin = await app.SignedInAsync("admin");
        Assert.Equal("statform.forbidden.open", await RefusalAsync(await admin.PostAsJsonAsync("/api/statforms", new { start = "2025-04-01", end = "2025-04-30" }), HttpStatusCode.Forbidden));
    }

    static async Task<long> SubmitCommunityAsync(HttpClient client, string start, string end, string diseaseControl)
    {
        var id = await OpenAsync(client, start, end);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(client, id, new { diseaseControl })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id, "submit")).StatusCode);
        return id;
    }

    /// <summary>淮河路街道 of 二七区 with a street user and a user of its 淮河社区, made for this test.</summary>
    async Task<(HttpClient Street, HttpClient Community)> OtherStreetOfErqiAsync()
    {
        await using (var scope = app.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            foreach (var (name, role, org) in new[] { ("huaihe", Roles.Street, "410103001000"), ("huaihe1", Roles.Community, "410103001001") })
            {
                var created = await accounts.CreateAsync(new NewUser(name, name, role, org, TestData.DemoPassword), "test", CancellationToken.None,
                    mustChangePassword: false);
                Assert.True(created.IsSuccess, created.Error?.Code);
            }
        }
        return (await app.SignedInAsync("huaihe"), await app.SignedInAsync("huaihe1"));
    }

    static async Task<long> RecordAsync(HttpClient client, long personId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/persons/{personId}/services", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    async Task<long> AddChildAsync(DateOnly birth, DateTime registeredAt)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var child = new Person
        {
            Name = "统计儿童", IdNumber = TestData.NewIdNumber(Sex.Male, birth), Sex = Sex.Male, BirthDate = birth, CommunityCode = TestData.Xianghe,
            HukouCountyCode = "411522", ArrivalDate = birth, CreatedAt = registeredAt, UpdatedAt = registeredAt,
        };
        db.Persons.Add(child);
        await db.SaveChangesAsync();
        return child.Id;
    }

    async Task AddImmunisationAsync(long personId, string vaccine, short dose, DateOnly given)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        db.ServiceRecords.Add(new ServiceRecord
        {
            PersonId = personId, CommunityCode = TestData.Xianghe, Kind = ServiceKind.Immunisation, ServiceDate = given, Vaccine = vaccine,
            DoseNumber = dose, RecordedAt = Utc(2025, 1, 20), RecordedBy = "xianghe",
        });
        await db.SaveChangesAsync();
    }

    async Task AddCertificateAsync(long personId, DateTime recordedAt)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        db.Certificates.Add(new Certificate
        {
            PersonId = personId, Kind = CertificateKind.MarriageAndChildbearing, Form = CertificateForm.Electronic, RecordedAt = recordedAt,
            RecordedBy = "xianghe",
        });
        await db.SaveChangesAsync();
    }

    static string SheetXml(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }
}

[Collection(OnSqlite.Name)]
public sealed class StatFormTestsOnSqlite(SqliteApp app) : StatFormTests(app);

[Collection(OnPostgres.Name)]
public sealed class StatFormTestsOnPostgres(PostgresApp app) : StatFormTests(app);
