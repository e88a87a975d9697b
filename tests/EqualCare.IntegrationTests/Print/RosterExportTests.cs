using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Registry;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Print;

/// <summary>
/// The full 花名册: every case field, masked by default; unmasked only for a user with the reveal permission who gives a
/// reason, audited as the other unmasked exports are; refused (404, audited) to a user without the permission.
/// </summary>
public abstract class RosterExportTests(AppFixture app)
{
    static async Task<List<List<string>>> SheetAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
    }

    static FormUrlEncodedContent Form(string token, string? reason) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["unmasked"] = "true", ["reason"] = reason ?? "",
    });

    async Task<List<AuditEntry>> ExportAuditAsync(string userName)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == "export" && a.UserName == userName).OrderBy(a => a.Id).ToListAsync();
    }

    async Task<Person> WomanWithEveryFieldAsync(string name)
    {
        var husband = await app.AddCaseAsync(TestData.Xianghe, name + "夫", p => p.Sex = Sex.Male);
        return await app.AddCaseAsync(TestData.Xianghe, name, p =>
        {
            p.Sex = Sex.Female;
            p.Ethnicity = "回族";
            p.Education = Education.SeniorSecondary;
            p.Occupation = "个体经营";
            p.MaritalStatus = MaritalStatus.FirstMarriage;
            p.MarriageDate = new DateOnly(2015, 5, 1);
            p.HukouAddress = "河南省新县新集镇";
            p.ResidenceAddress = "祥和小区3号楼2单元";
            p.HousingType = HousingType.Rented;
            p.LandlordOrEmployer = "王房东";
            p.SpouseId = husband.Id;
            p.ContraceptionMethod = ContraceptionMethod.Iud;
            p.ContraceptionStart = new DateOnly(2016, 3, 1);
            p.ContraceptionProvider = "二七区妇幼保健院";
        });
    }

    [Fact]
    public async Task The_roster_has_every_case_field_with_chinese_headers_and_masked_numbers_by_default()
    {
        var name = RegistryData.UniqueName("册");
        var woman = await WomanWithEveryFieldAsync(name);
        var xianghe = await app.SignedInAsync("xianghe");

        var rows = await SheetAsync(await xianghe.GetAsync($"/Export/Roster?name={Uri.EscapeDataString(name)}&nameExact=true"));

        var headers = rows[0];
        Assert.True(headers.Count >= 30, "the roster has every case field: " + headers.Count);
        Assert.All(headers, h => Assert.DoesNotContain(".", h, StringComparison.Ordinal)); // a missing string would show its key
        Assert.Contains("配偶", headers);
        Assert.Contains("避孕措施", headers);
        var row = Assert.Single(rows.Skip(1), r => r[1] == name);
        var cell = headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => row[x.i]);
        Assert.Equal(Masking.IdNumber(woman.IdNumber), cell["身份证号"]);
        Assert.Equal(Masking.Phone(woman.Phone), cell["联系电话"]);
        Assert.Equal("回族", cell["民族"]);
        Assert.Equal("个体经营", cell["职业"]);
        Assert.Equal("2015-05-01", cell["初婚日期"]);
        Assert.Equal(name + "夫", cell["配偶"]);
        Assert.Equal("祥和小区3号楼2单元", cell["现居住地址"]);
        Assert.Equal("王房东", cell["房东或用工单位"]);
        Assert.Equal("二七区妇幼保健院", cell["落实单位"]);
        Assert.Equal("初婚", cell["婚姻状况"]);
        Assert.False(cell["避孕措施"] is "" or "Iud" or "case.contraception.Iud", cell["避孕措施"]);
        Assert.DoesNotContain(woman.IdNumber, row);
        var audit = (await ExportAuditAsync("xianghe")).Last();
        Assert.Equal("persons", audit.Entity);
        Assert.StartsWith("masked; roster;", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unmasked_roster_needs_the_permission_and_a_reason_and_is_audited_with_it()
    {
        var name = RegistryData.UniqueName("全册");
        var woman = await WomanWithEveryFieldAsync(name);
        var xianghe = await app.SignedInAsync("xianghe");
        var token = await Browserless.AntiforgeryTokenAsync(xianghe, "/Persons");
        var url = $"/Export/Roster?name={Uri.EscapeDataString(name)}&nameExact=true";
        var before = (await ExportAuditAsync("xianghe")).Count;

        var withoutReason = await xianghe.PostAsync(url, Form(token, "  "));
        var rows = await SheetAsync(await xianghe.PostAsync(url, Form(token, "入户核查需要")));

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        var row = Assert.Single(rows.Skip(1), r => r[1] == name);
        Assert.Contains(woman.IdNumber, row);
        Assert.Contains(woman.Phone, row);
        var audits = (await ExportAuditAsync("xianghe")).Skip(before).ToList();
        var audit = Assert.Single(audits);
        Assert.Equal(AuditOutcome.Success, audit.Outcome);
        Assert.StartsWith("unmasked; reason=入户核查需要; roster;", audit.Detail, StringComparison.Ordinal);
        Assert.EndsWith("rows=1", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_the_reveal_permission_is_refused_the_unmasked_roster_and_the_refusal_is_audited()
    {
        var name = RegistryData.UniqueName("拒册");
        var woman = await WomanWithEveryFieldAsync(name);
        var erqi = await app.SignedInAsync("erqi");
        var token = await Browserless.AntiforgeryTokenAsync(erqi, "/Persons");

        var masked = await SheetAsync(await erqi.GetAsync($"/Export/Roster?name={Uri.EscapeDataString(name)}&nameExact=true"));
        var refused = await erqi.PostAsync($"/Export/Roster?name={Uri.EscapeDataString(name)}&nameExact=true", Form(token, "统计需要"));

        Assert.Contains(Masking.IdNumber(woman.IdNumber), masked.Single(r => r.Count > 1 && r[1] == name));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.DoesNotContain(woman.IdNumber, body, StringComparison.Ordinal);
        var audit = (await ExportAuditAsync("erqi")).Last();
        Assert.Equal(AuditOutcome.Refused, audit.Outcome);
        Assert.StartsWith("unmasked refused: role; roster;", audit.Detail, StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class RosterExportTestsOnSqlite(SqliteApp app) : RosterExportTests(app);

[Collection(OnPostgres.Name)]
public sealed class RosterExportTestsOnPostgres(PostgresApp app) : RosterExportTests(app);
