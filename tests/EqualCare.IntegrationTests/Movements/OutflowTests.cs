using System.Net;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Movements;

/// <summary>
/// Issue 16 point 2: the registration place's list of its people living elsewhere, by where they live, with what the
/// residence place recorded and what is missing (未办证, 未按时寄回康检证明), masked, paged and audited.
/// </summary>
public abstract partial class OutflowTests(AppFixture app)
{
    const string Password = "Outflow2026aa";
    /// <summary>太康县 (周口): no other test registers anyone from it.</summary>
    const string County = "411627", CountyUnit = "411627000000", CountyVillage = "411627100001";
    const string Huayuancun = "410104003005", Zhangjiamen = "410104003006"; // 郑州 管城区 南关街街道

    async Task<HttpClient> CountyUserAsync()
    {
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser("of" + County, "太康县流出管理", Roles.District, CountyUnit, Password), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess || created.Error?.Kind == ErrorKind.Conflict);
        }
        return await app.SignedInAsync("of" + County, Password);
    }

    async Task<Person> PersonAsync(string community, string name, string hukou, Action<Person>? change = null)
    {
        var person = await app.AddPersonAsync(community, name);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var tracked = await db.Persons.SingleAsync(p => p.Id == person.Id);
        tracked.HukouCountyCode = hukou;
        tracked.Phone = "13812345678";
        change?.Invoke(tracked);
        await db.SaveChangesAsync();
        return tracked;
    }

    async Task CheckupAsync(Person person, DateOnly day, bool sent)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        db.ServiceRecords.Add(new ServiceRecord
        {
            PersonId = person.Id, CommunityCode = person.CommunityCode, Kind = ServiceKind.WomensCheckup, ServiceDate = day,
            RecordedAt = DateTime.SpecifyKind(new DateTime(2026, 4, 1), DateTimeKind.Utc), RecordedBy = "test", Result = CheckOutcome.Normal,
            ReportSentToHukou = sent,
        });
        await db.SaveChangesAsync();
    }

    async Task CertificateAsync(Person person, CertificateForm form, DateOnly? validUntil)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        db.Certificates.Add(new Certificate
        {
            PersonId = person.Id, Kind = CertificateKind.MarriageAndChildbearing, Form = form, ValidUntil = validUntil,
            IssueDate = new DateOnly(2024, 1, 5), RecordedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 5), DateTimeKind.Utc), RecordedBy = "test",
        });
        await db.SaveChangesAsync();
    }

    static string Row(string html, long id) => RowPattern().Matches(html).Select(m => m.Value).Single(v => v.Contains($"data-id=\"{id}\"", StringComparison.Ordinal));

    [Fact]
    public async Task The_county_sees_its_people_living_elsewhere_by_place_with_what_was_reported_and_what_is_missing()
    {
        // 户籍 太康县, living in 郑州: nothing on file; certificate and a reported 康检; a 康检 not sent back.
        var bare = await PersonAsync(Huayuancun, "流出甲", County);
        var reported = await PersonAsync(Huayuancun, "流出乙", County, p => p.ContraceptionMethod = ContraceptionMethod.Iud);
        await CertificateAsync(reported, CertificateForm.Paper, new DateOnly(2027, 12, 31));
        await CheckupAsync(reported, new DateOnly(2026, 2, 10), sent: true);
        var notSent = await PersonAsync(Zhangjiamen, "流出丙", County);
        await CertificateAsync(notSent, CertificateForm.Electronic, null);
        await CheckupAsync(notSent, new DateOnly(2026, 2, 11), sent: false);
        // Another county's person, and a case kept in 太康县 itself as 流出 (a report received recorded on it).
        var foreign = await PersonAsync(Huayuancun, "流出丁", "411628");
        var kept = await PersonAsync(CountyVillage, "流出戊", County, p =>
        {
            p.FlowDirection = FlowDirection.Outflow;
            p.ResidenceAddress = "广东省东莞市长安镇";
        });
        await CheckupAsync(kept, new DateOnly(2026, 3, 2), sent: false);

        var county = await CountyUserAsync();
        var response = await county.GetAsync("/Outflow");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("共 4 条", html, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.Name, html, StringComparison.Ordinal);
        foreach (var p in new[] { bare, reported, notSent, kept })
        {
            Assert.DoesNotContain(p.IdNumber, html, StringComparison.Ordinal);
            Assert.Contains(Masking.IdNumber(p.IdNumber), html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("13812345678", html, StringComparison.Ordinal);
        Assert.Contains(Masking.Phone("13812345678"), html, StringComparison.Ordinal);

        // By place: 郑州市 three (one without a certificate, two without the 康检 report); the kept case apart.
        var zhengzhou = PlaceRow().Match(html[html.IndexOf("<tr data-place=\"410100000000\"", StringComparison.Ordinal)..]).Value;
        Assert.Contains("郑州市", zhengzhou, StringComparison.Ordinal);
        Assert.Matches(@"<td>3</td><td>1</td><td>2</td>", zhengzhou);
        var keptGroup = PlaceRow().Match(html[html.IndexOf("<tr data-place=\"\"", StringComparison.Ordinal)..]).Value;
        Assert.Matches(@"<td>1</td><td>1</td><td>0</td>", keptGroup);
        // By community of residence.
        Assert.Matches(@"data-community=""410104003005""[\s\S]*?<td>2</td><td>1</td><td>1</td>", html);

        Assert.Contains("未办证", Row(html, bare.Id), StringComparison.Ordinal);
        Assert.Contains("未按时寄回康检证明", Row(html, bare.Id), StringComparison.Ordinal);
        var reportedRow = Row(html, reported.Id);
        Assert.DoesNotContain("badge bad", reportedRow, StringComparison.Ordinal);
        Assert.Contains("2026-02-10", reportedRow, StringComparison.Ordinal);
        Assert.Contains("已寄回户籍地", reportedRow, StringComparison.Ordinal);
        Assert.Contains("宫内节育器", reportedRow, StringComparison.Ordinal);
        Assert.Contains("有效期至 2027-12-31", reportedRow, StringComparison.Ordinal);
        var notSentRow = Row(html, notSent.Id);
        Assert.Contains("未按时寄回康检证明", notSentRow, StringComparison.Ordinal);
        Assert.DoesNotContain("未办证", notSentRow, StringComparison.Ordinal);
        Assert.Contains("电子证明", notSentRow, StringComparison.Ordinal);
        var keptRow = Row(html, kept.Id);
        Assert.Contains("广东省东莞市长安镇", keptRow, StringComparison.Ordinal);
        Assert.DoesNotContain("未按时寄回康检证明", keptRow, StringComparison.Ordinal);

        // Filters: what is missing, where they live.
        var checkupOnly = await county.GetStringAsync("/Outflow?missing=checkup");
        Assert.Contains("共 2 条", checkupOnly, StringComparison.Ordinal);
        Assert.Contains(bare.Name, checkupOnly, StringComparison.Ordinal);
        Assert.DoesNotContain(reported.Name, checkupOnly, StringComparison.Ordinal);
        var inZhengzhou = await county.GetStringAsync("/Outflow?place=410100000000");
        Assert.Contains("共 3 条", inZhengzhou, StringComparison.Ordinal);
        Assert.DoesNotContain(kept.Name, inZhengzhou, StringComparison.Ordinal);
        var oneCommunity = await county.GetStringAsync("/Outflow?community=" + Zhangjiamen);
        Assert.Contains("共 1 条", oneCommunity, StringComparison.Ordinal);

        // A community of the residence place sees none of this (its persons are its own inflow cases).
        var xianghe = await app.SignedInAsync("xianghe");
        Assert.DoesNotContain(bare.Name, await xianghe.GetStringAsync("/Outflow"), StringComparison.Ordinal);

        await using var scope = app.Scope();
        var audits = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().AuditEntries.AsNoTracking()
            .Where(a => a.Entity == "outflow" && a.UserName == "of" + County).ToListAsync();
        Assert.Equal(4, audits.Count);
        Assert.All(audits, a => Assert.Equal(CountyUnit, a.EntityId));
        Assert.Contains(audits, a => a.Detail!.Contains("missing=checkup", StringComparison.Ordinal) && a.Detail.Contains("rows=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_list_is_paged_fifty_at_a_time()
    {
        const string other = "411621"; // 扶沟县
        for (var i = 0; i < 53; i++) await PersonAsync(Zhangjiamen, "分页" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), other);
        await using (var scope = app.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser("of" + other, "扶沟县流出管理", Roles.District, other + "000000", Password), "test", CancellationToken.None, mustChangePassword: false);
            Assert.True(created.IsSuccess || created.Error?.Kind == ErrorKind.Conflict);
        }
        var user = await app.SignedInAsync("of" + other, Password);
        var first = await user.GetStringAsync("/Outflow");
        Assert.Contains("共 53 条", first, StringComparison.Ordinal);
        Assert.Equal(50, RowPattern().Count(first));
        var second = await user.GetStringAsync("/Outflow?p=2");
        Assert.Equal(3, RowPattern().Count(second));
        Assert.Contains("第 2 / 2 页", second, StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr data-id=\"[0-9]+\"[\\s\\S]*?</tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<tr data-place=[\\s\\S]*?</tr>")]
    private static partial Regex PlaceRow();
}

[Collection(OnSqlite.Name)]
public sealed class OutflowTestsOnSqlite(SqliteApp app) : OutflowTests(app);

[Collection(OnPostgres.Name)]
public sealed class OutflowTestsOnPostgres(PostgresApp app) : OutflowTests(app);
