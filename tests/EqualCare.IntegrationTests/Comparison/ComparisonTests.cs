using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Comparison;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Comparison;

/// <summary>
/// Issue 17 acceptance 2: a 公安 list with new, known and disagreeing persons gives the right four lists; registering a 漏管
/// row clears it; a row outside the uploader's scope never appears; bad input is refused with a clear message and changes
/// nothing.
/// </summary>
public abstract partial class ComparisonTests(AppFixture app)
{
    const string Dongfenglu = "410105010002";

    static readonly DateOnly Arrived = new(2024, 3, 1);

    async Task<Person> AddAsync(string community, string name, Sex sex, DateOnly birth, MaritalStatus marital = MaritalStatus.Unmarried,
        string? address = null)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var person = new Person
        {
            Name = name, IdNumber = TestData.NewIdNumber(sex, birth), Sex = sex, BirthDate = birth, CommunityCode = community,
            HukouCountyCode = "411522", ArrivalDate = Arrived, MaritalStatus = marital, ResidenceAddress = address,
            CreatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
            UpdatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
        };
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    internal static byte[] Gbk(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK").GetBytes(text);
    }

    /// <summary>Uploads through the page; returns the mapping page's address, or the page's answer when refused.</summary>
    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName, string agency = "大学路派出所",
        AgencyListKind kind = AgencyListKind.ResidencePermits, string listDate = "2026-01-10")
    {
        var token = await Browserless.AntiforgeryTokenAsync(client, "/Comparison");
        var form = new MultipartFormDataContent
        {
            { new StringContent(agency), "Agency" },
            { new StringContent(kind.ToString()), "Kind" },
            { new StringContent(listDate), "ListDate" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "upload", fileName },
        };
        return await client.PostAsync("/Comparison", form);
    }

    internal static async Task<HttpResponseMessage> MapAsync(HttpClient client, string mapPage, IReadOnlyDictionary<ListField, int>? columns = null)
    {
        var html = await client.GetStringAsync(mapPage);
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value };
        if (columns is null)
        {
            // As the page proposes it: the selected option of each field.
            foreach (Match m in Selected().Matches(html)) fields[m.Groups[1].Value] = m.Groups[2].Value;
        }
        else
            foreach (var (f, i) in columns) fields["col_" + f] = i.ToString(CultureInfo.InvariantCulture);
        return await client.PostAsync(mapPage, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<select name=\"(col_[A-Za-z]+)\"[^>]*>(?:(?!</select>).)*?<option value=\"(\\d+)\" selected=\"selected\"", RegexOptions.Singleline)]
    private static partial Regex Selected();

    sealed record Found(string Name, FindingKind Kind, string Community, long? PersonId, long? CandidateId, int Agreed, string Detail, bool Resolved);

    async Task<List<Found>> ResultsAsync(long listId)
    {
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var rows = await connection.QueryAsync<(string Name, long Kind, string Community, long? PersonId, long? CandidateId, long Agreed, string Detail, long Resolved)>(
            """
            SELECT r.name, c.kind, c.community_code, c.person_id, c.candidate_id, c.agreed, c.detail,
                   CASE WHEN s.id IS NULL THEN 0 ELSE 1 END
            FROM comparison_results c JOIN agency_list_rows r ON r.id = c.row_id LEFT JOIN comparison_resolutions s ON s.result_id = c.id
            WHERE c.list_id = @listId
            """, new { listId });
        return rows.Select(r => new Found(r.Name, (FindingKind)r.Kind, r.Community, r.PersonId, r.CandidateId, (int)r.Agreed, r.Detail, r.Resolved != 0)).ToList();
    }

    async Task<long> CountAsync(string table)
    {
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM " + table);
    }

    [Fact]
    public async Task A_police_list_gives_the_four_lists_registering_clears_a_missing_row_and_rows_outside_scope_never_appear()
    {
        var tag = TestData.NextSerial().ToString("D4", CultureInfo.InvariantCulture);
        var known = await AddAsync(TestData.Xianghe, "比对在册" + tag, Sex.Female, new DateOnly(1992, 4, 8), MaritalStatus.FirstMarriage);
        var disagreeing = await AddAsync(TestData.Zhongyuan, "比对不符" + tag, Sex.Male, new DateOnly(1988, 11, 23), MaritalStatus.FirstMarriage, "中原路1号院");
        var child = await AddAsync(TestData.Xianghe, "比对儿童" + tag, Sex.Male, new DateOnly(2023, 6, 1));
        var similar = await AddAsync(TestData.Xianghe, "比对小丽" + tag, Sex.Female, new DateOnly(1991, 7, 15));
        var newId = TestData.NewIdNumber(Sex.Male, new DateOnly(1993, 2, 2));
        var newId15 = newId[..6] + newId[8..17]; // the same number as a 15-digit GB 11643-1989 one
        var outsideId = TestData.NewIdNumber(Sex.Male, new DateOnly(1994, 3, 3));
        var csv = new StringBuilder("序号,姓名,性别,公民身份号码,出生日期,暂住地址,婚姻状况,社区\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"1,比对在册{tag},女,{known.IdNumber.ToLowerInvariant()},,,已婚,\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"2,比对不符{tag},男,{disagreeing.IdNumber},1988-11-23,大学路99号,离婚,\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"3,比对儿童{tag},男,,2023/6/1,,,{TestData.Xianghe}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"4,比对新人{tag},男,{newId15},,祥和小区3号楼,未婚,{TestData.Xianghe}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"5,比对小莉{tag},女,,1991-07-15,,,{TestData.Xianghe}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"6,比对外区{tag},男,{outsideId},,东风路1号,未婚,{Dongfenglu}\r\n");

        var street = await app.SignedInAsync("daxuelu");
        var upload = await UploadAsync(street, Gbk(csv.ToString()), "公安暂住登记.csv");
        Assert.True(upload.StatusCode == HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync());
        var mapPage = upload.Headers.Location!.OriginalString;
        Assert.StartsWith("/Comparison/Map/", mapPage, StringComparison.Ordinal);
        var mapped = await MapAsync(street, mapPage);
        Assert.True(mapped.StatusCode == HttpStatusCode.Redirect, await mapped.Content.ReadAsStringAsync());
        var listPage = mapped.Headers.Location!.OriginalString;
        var listId = long.Parse(listPage["/Comparison/List/".Length..], CultureInfo.InvariantCulture);

        var results = await ResultsAsync(listId);
        // 漏管: the new person (a 15-digit number on the list) and the near-match, shown with its candidate.
        var missing = results.Where(r => r.Kind == FindingKind.Missing).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["比对小莉" + tag, "比对新人" + tag], missing.Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal));
        var near = missing.Single(r => r.Name == "比对小莉" + tag);
        Assert.Equal(similar.Id, near.CandidateId);
        Assert.Equal(Agreement.BirthDate | Agreement.Sex | Agreement.NameHomophone, (Agreement)near.Agreed);
        Assert.All(missing, r => Assert.Equal(TestData.Xianghe, r.Community));
        // Known persons (by number, lower-case x or not; by name, birth date and sex for the child) are never 漏管.
        Assert.DoesNotContain(results, r => r.Kind == FindingKind.Missing && r.Name.StartsWith("比对在册", StringComparison.Ordinal));
        // 漏档: the files the schedules say they lack (here in 2026, arrived 2024: the health record; the child also the immunisation file).
        var files = results.Where(r => r.Kind == FindingKind.FileMissing).ToList();
        Assert.Contains(files, r => r.PersonId == known.Id && r.Detail.Contains("健康档案", StringComparison.Ordinal));
        Assert.Contains(files, r => r.PersonId == child.Id && r.Detail.Contains("接种", StringComparison.Ordinal));
        // 漏检: the child's overdue doses.
        Assert.Contains(results, r => r.Kind == FindingKind.Unserved && r.PersonId == child.Id);
        var childMatch = results.First(r => r.PersonId == child.Id);
        Assert.Equal(Agreement.Name | Agreement.BirthDate | Agreement.Sex, (Agreement)childMatch.Agreed);
        // 不符: address and marital status of the one who disagrees, in his own community; none for the known woman (已婚 = 初婚).
        var mismatch = Assert.Single(results, r => r.Kind == FindingKind.Mismatch);
        Assert.Equal(disagreeing.Id, mismatch.PersonId);
        Assert.Equal("Address,MaritalStatus", mismatch.Detail);
        Assert.Equal(TestData.Zhongyuan, mismatch.Community);
        Assert.True(((Agreement)mismatch.Agreed).HasFlag(Agreement.IdNumber));
        // The row outside the street: kept as received, but no result at all.
        Assert.DoesNotContain(results, r => r.Name.StartsWith("比对外区", StringComparison.Ordinal));

        // The lists' pages: the street sees all; a community only its own; another street nothing of the list.
        var streetMissing = await street.GetStringAsync($"/Comparison/Results?list={listId}&kind=Missing");
        Assert.Contains("比对新人" + tag, streetMissing, StringComparison.Ordinal);
        Assert.DoesNotContain(newId, streetMissing, StringComparison.Ordinal); // masked
        Assert.DoesNotContain("比对外区", streetMissing, StringComparison.Ordinal);
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var zhongyuanMissing = await zhongyuan.GetStringAsync($"/Comparison/Results?list={listId}&kind=Missing");
        Assert.DoesNotContain("比对新人" + tag, zhongyuanMissing, StringComparison.Ordinal);
        Assert.Contains("比对不符" + tag, await zhongyuan.GetStringAsync($"/Comparison/Results?list={listId}&kind=Mismatch"), StringComparison.Ordinal);
        var dongfeng = await app.SignedInAsync("dongfenglu");
        Assert.Equal(HttpStatusCode.NotFound, (await dongfeng.GetAsync(listPage)).StatusCode);
        string[] names = ["比对在册", "比对不符", "比对儿童", "比对新人", "比对小莉", "比对外区"];
        foreach (var kind in Enum.GetValues<FindingKind>())
        {
            var html = await dongfeng.GetStringAsync($"/Comparison/Results?kind={kind}");
            Assert.All(names, n => Assert.DoesNotContain(n + tag, html, StringComparison.Ordinal));
        }
        Assert.DoesNotContain("比对外区", await street.GetStringAsync("/Comparison/Open"), StringComparison.Ordinal);
        // The list page counts by community.
        var summary = await street.GetStringAsync(listPage);
        Assert.Contains("id=\"total-Missing\"", summary, StringComparison.Ordinal);

        // Register the new person from his row: the form is prefilled from it, the save resolves the result.
        var xianghe = await app.SignedInAsync("xianghe");
        var resultId = await ResultIdAsync(listId, "比对新人" + tag);
        var registerPage = await xianghe.GetStringAsync($"/Comparison/Register/{resultId}");
        Assert.Contains($"value=\"比对新人{tag}\"", registerPage, StringComparison.Ordinal);
        Assert.Contains($"value=\"{newId}\"", registerPage, StringComparison.Ordinal);
        var saved = await xianghe.PostAsync($"/Comparison/Register/{resultId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(registerPage).Groups[1].Value,
            ["Form.Name"] = "比对新人" + tag, ["Form.IdNumber"] = newId, ["Form.Sex"] = "1", ["Form.BirthDate"] = "1993-02-02",
            ["Form.HukouCountyCode"] = newId[..6], ["Form.CommunityCode"] = TestData.Xianghe, ["Form.ResidenceAddress"] = "祥和小区3号楼",
            ["Form.ArrivalDate"] = "2026-01-05", ["Form.MaritalStatus"] = "10", ["Form.FlowDirection"] = "1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith("/Persons/", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        results = await ResultsAsync(listId);
        Assert.True(results.Single(r => r.Name == "比对新人" + tag).Resolved);
        var open = await xianghe.GetStringAsync($"/Comparison/Results?list={listId}&kind=Missing&open=true");
        Assert.DoesNotContain("比对新人" + tag, open, StringComparison.Ordinal);
        Assert.Contains("比对小莉" + tag, open, StringComparison.Ordinal);

        // A worker resolves the near-match as a duplicate with the resolve form: audited with the write.
        var nearId = await ResultIdAsync(listId, "比对小莉" + tag);
        var resolved = await xianghe.PostAsync($"/Comparison/Results?kind=Missing&list={listId}&handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(open).Groups[1].Value, ["resultId"] = nearId.ToString(CultureInfo.InvariantCulture),
            ["reason"] = nameof(ResolutionReason.Duplicate), ["note"] = "同一人",
        }));
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            var id = nearId.ToString(CultureInfo.InvariantCulture);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "comparison_result" && a.EntityId == id && a.Detail == "resolved=Duplicate"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "agency_list" && a.EntityId == listId.ToString(CultureInfo.InvariantCulture)));
        }
        // A second resolution of the same result is refused, nothing added.
        var again = await xianghe.PostAsync($"/Comparison/Results?kind=Missing&list={listId}&handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(open).Groups[1].Value, ["resultId"] = nearId.ToString(CultureInfo.InvariantCulture),
            ["reason"] = nameof(ResolutionReason.Left),
        }));
        Assert.Contains("该结果已处理过", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Another community cannot resolve what is not in its scope.
        var foreign = await zhongyuan.PostAsync($"/Comparison/Results?kind=Missing&list={listId}&handler=Resolve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(zhongyuanMissing).Groups[1].Value,
            ["resultId"] = (await ResultIdAsync(listId, "比对在册" + tag)).ToString(CultureInfo.InvariantCulture), ["reason"] = "Left",
        }));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // The layout is remembered: the next list of this agency and kind starts from it.
        var next = await UploadAsync(street, Gbk("序号,姓名,性别,公民身份号码,出生日期,暂住地址,婚姻状况,社区\r\n1,某某,男,,2000-01-01,,,\r\n"), "b.csv");
        var nextMap = await street.GetStringAsync(next.Headers.Location!.OriginalString);
        Assert.Contains("已按上次该单位同类名单的对应方式填好", nextMap, StringComparison.Ordinal);

        // The list as received and the resolutions are append-only.
        await using var last = app.Scope();
        await using var connection = await last.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("UPDATE agency_list_rows SET name = 'x' WHERE list_id = @listId", new { listId }));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "DELETE FROM comparison_resolutions WHERE result_id IN (SELECT id FROM comparison_results WHERE list_id = @listId)", new { listId }));
    }

    async Task<long> ResultIdAsync(long listId, string name)
    {
        await using var scope = app.Scope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT c.id FROM comparison_results c JOIN agency_list_rows r ON r.id = c.row_id WHERE c.list_id = @listId AND r.name = @name ORDER BY c.id",
            new { listId, name });
    }

    [Fact]
    public async Task A_malformed_file_or_a_wrong_column_mapping_is_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var client = await app.SignedInAsync("xianghe");
        var lists = await CountAsync("agency_lists");
        var rows = await CountAsync("agency_list_rows");

        var broken = await UploadAsync(client, "PK\u0003\u0004 not a workbook"u8.ToArray(), "公安.xlsx");
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.Contains("无法读取该文件", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongType = await UploadAsync(client, "a,b\r\n1,2\r\n"u8.ToArray(), "公安.txt");
        Assert.Contains("只能上传 xlsx 或 csv 文件", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var csv = new StringBuilder("姓名,身份证号,性别\r\n");
        for (var i = 0; i < 5; i++) csv.Append(CultureInfo.InvariantCulture, $"错列{i},{TestData.NewIdNumber(Sex.Female, new DateOnly(1990, 1, 1))},女\r\n");
        var upload = await UploadAsync(client, Gbk(csv.ToString()), "错列.csv");
        var mapPage = upload.Headers.Location!.OriginalString;
        // The names' column chosen as the ID number, the numbers' as the name.
        var wrong = await MapAsync(client, mapPage, new Dictionary<ListField, int> { [ListField.Name] = 1, [ListField.IdNumber] = 0 });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("大多不是身份证号码", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missingName = await MapAsync(client, mapPage, new Dictionary<ListField, int> { [ListField.IdNumber] = 1 });
        Assert.Contains("必须指定“姓名”列", await missingName.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(lists, await CountAsync("agency_lists"));
        Assert.Equal(rows, await CountAsync("agency_list_rows"));

        // The right mapping of the same upload then goes through.
        var right = await MapAsync(client, mapPage, new Dictionary<ListField, int> { [ListField.Name] = 0, [ListField.IdNumber] = 1, [ListField.Sex] = 2 });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(lists + 1, await CountAsync("agency_lists"));
    }

    [Fact]
    public async Task Roles_that_do_not_write_persons_cannot_upload_and_rows_are_append_only()
    {
        var district = await app.SignedInAsync("erqi");
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync("/Comparison")).StatusCode);
        Assert.DoesNotContain("id=\"comparison-upload\"", await district.GetStringAsync("/Comparison"), StringComparison.Ordinal);
        var upload = await UploadAsync(district, Gbk("姓名,出生日期\r\n某某,2000-01-01\r\n"), "a.csv");
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ComparisonTestsOnSqlite(SqliteApp app) : ComparisonTests(app);

[Collection(OnPostgres.Name)]
public sealed class ComparisonTestsOnPostgres(PostgresApp app) : ComparisonTests(app);
