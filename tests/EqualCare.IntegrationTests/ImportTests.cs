using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Acceptance 3: a GBK CSV of 1,000 rows with 37 bad ones loads 963, reports the 37 by row, and adds nothing the second time.</summary>
public abstract class ImportTests(AppFixture app)
{
    const string Area = "411522"; // 光山县; TestData's numbers use 4101xx, so these never collide with other tests' persons
    /// <summary>东风路文北社区: the bulk import goes to 东风路街道, so that other tests' lists in 大学路 stay small.</summary>
    const string Wenbei = "410105010002";

    static string Id(Sex sex, DateOnly birth, int serial)
    {
        var seq = serial * 2 % 1000 + (sex == Sex.Male ? 1 : 0);
        var first17 = Area + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + IdNumberChecksum.CheckCharacter(first17);
    }

    /// <summary>1,000 rows; rows i ≡ 5 (mod 27) are bad, nine kinds in turn. Returns the GBK bytes and the bad rows' numbers.</summary>
    static (byte[] File, SortedSet<int> BadRows) BuildFile()
    {
        var text = new StringBuilder();
        // Columns in an order of our own, plus a header the import does not know: both allowed.
        text.Append("身份证号,姓名,现居住社区代码,流入日期,性别,婚姻状况,避孕措施,联系电话,户籍地址,备注\r\n");
        var bad = new SortedSet<int>();
        var k = 0;
        for (var i = 0; i < 1000; i++)
        {
            var sex = i % 2 == 0 ? Sex.Female : Sex.Male;
            var birth = new DateOnly(1975, 1, 1).AddDays(i * 9);
            var id = Id(sex, birth, 60 + i % 400);
            var name = "导入" + i.ToString("D4", CultureInfo.InvariantCulture);
            var community = Wenbei;
            var arrival = "2023-04-" + (1 + i % 28).ToString("D2", CultureInfo.InvariantCulture);
            var sexText = sex == Sex.Female ? "女" : "1";
            var marital = i % 4 == 0 ? "已婚" : i % 4 == 2 ? "10" : i % 4 == 1 ? "20" : "未婚";
            var contraception = sex == Sex.Female && marital is "已婚" or "20" ? (i % 8 == 0 ? "宫内节育器" : "3") : "";
            var phone = "138" + (10000000 + i).ToString(CultureInfo.InvariantCulture);
            if (i % 27 == 5)
            {
                bad.Add(i + 2); // the header is row 1
                switch (k++ % 9)
                {
                    case 0: id = id[..17] + (id[17] == '0' ? '1' : '0'); break; // wrong check character
                    case 1: arrival = "2099-01-01"; break; // future date
                    case 2: name = ""; break; // missing name
                    case 3: // married woman of childbearing age without contraception
                        sex = Sex.Female;
                        id = Id(Sex.Female, new DateOnly(1990, 1, 1).AddDays(k), 450 + k);
                        sexText = "女";
                        marital = "已婚";
                        contraception = "";
                        break;
                    case 4: community = TestData.Xianghe; break; // outside 东风路街道
                    case 5: community = "410105010999"; break; // no such community
                    case 6: arrival = "2023-13-45"; break; // not a date
                    case 7: phone = "12345"; break;
                    case 8: sexText = sex == Sex.Female ? "男" : "女"; break; // contradicts the ID number
                }
            }
            text.Append(CultureInfo.InvariantCulture,
                $"{id},{name},{community},{arrival},{sexText},{marital},{contraception},{phone},河南省信阳市光山县,第{i}行\r\n");
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return (Encoding.GetEncoding("GBK").GetBytes(text.ToString()), bad);
    }

    static MultipartFormDataContent Upload(byte[] file, string name, string field = "file")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/octet-stream");
        return new MultipartFormDataContent { { content, field, name } };
    }

    async Task<(int Persons, int Arrivals)> CountAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var ids = db.Persons.Where(p => p.IdNumber.StartsWith(Area) && p.Name.StartsWith("导入"));
        var persons = await ids.CountAsync();
        var arrivals = await db.Movements.CountAsync(m => m.Kind == MovementKind.Arrival && ids.Any(p => p.Id == m.PersonId));
        return (persons, arrivals);
    }

    [Fact]
    public async Task A_gbk_csv_of_1000_rows_with_37_bad_loads_963_reports_the_37_by_row_and_adds_nothing_the_second_time()
    {
        var (file, badRows) = BuildFile();
        Assert.Equal(37, badRows.Count);
        Assert.ThrowsAny<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(file)); // really not UTF-8
        var client = await app.SignedInAsync("dongfenglu");

        var check = await client.PostAsync("/api/persons/import?mode=validate", Upload(file, "流动人口.csv"));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var report = await check.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1000, report.GetProperty("rows").GetInt32());
        Assert.Equal(963, report.GetProperty("valid").GetInt32());
        Assert.Equal(37, report.GetProperty("rejected").GetInt32());
        Assert.Equal(0, report.GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(["备注"], report.GetProperty("unknownHeaders").EnumerateArray().Select(h => h.GetString()));
        var problems = report.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(badRows, new SortedSet<int>(problems.Select(p => p.GetProperty("row").GetInt32())));
        var messages = problems.Select(p => p.GetProperty("message").GetString()).ToList();
        Assert.Contains("校验码错误（第18位）", messages);
        Assert.Contains("请填写姓名", messages);
        Assert.Contains("现居住社区不在您的管辖范围内", messages);
        Assert.Contains("已婚育龄妇女（15–49岁）必须填写避孕措施", messages);
        var idProblem = problems.First(p => p.GetProperty("column").GetString() == "身份证号");
        Assert.Matches(@"^\d{6}\*{8}\d{3}[\dX]$", idProblem.GetProperty("value").GetString()); // masked
        Assert.Equal((0, 0), await CountAsync()); // validate loads nothing

        var all = await client.PostAsync("/api/persons/import?mode=all", Upload(file, "流动人口.csv"));
        Assert.Equal(HttpStatusCode.Conflict, all.StatusCode);
        Assert.Equal("import.load.hasRejected", (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal((0, 0), await CountAsync());

        var load = await (await client.PostAsync("/api/persons/import?mode=valid", Upload(file, "流动人口.csv"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(963, load.GetProperty("loaded").GetInt32());
        Assert.Equal((963, 963), await CountAsync());

        var again = await (await client.PostAsync("/api/persons/import?mode=valid", Upload(file, "流动人口.csv"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("valid").GetInt32());
        Assert.Equal(963, again.GetProperty("alreadyPresent").GetInt32());
        Assert.Equal(0, again.GetProperty("loaded").GetInt32());
        Assert.Equal((963, 963), await CountAsync());

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var one = await db.Persons.SingleAsync(p => p.Name == "导入0000");
        Assert.Equal((Sex.Female, IdState.Valid, CaseStatus.Active, FlowDirection.Inflow, 0), (one.Sex, one.IdState, one.Status, one.FlowDirection, one.Version));
        Assert.Equal(Area, one.HukouCountyCode);
        Assert.Equal(ContraceptionMethod.Iud, one.ContraceptionMethod);
        Assert.Equal(new DateOnly(2023, 4, 1), one.ArrivalDate);
        var arrival = await db.Movements.SingleAsync(m => m.PersonId == one.Id);
        Assert.Equal((one.ArrivalDate, "dongfenglu", Wenbei), (arrival.OccurredOn, arrival.RecordedBy, arrival.ToCommunityCode));
        var audits = await db.AuditEntries.Where(a => a.Action == "import" && a.UserName == "dongfenglu").Select(a => a.Detail).ToListAsync();
        Assert.Contains(audits, d => d!.Contains("loaded=963", StringComparison.Ordinal) && d.Contains("rejected=37", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_xlsx_template_goes_through_the_pages_report_then_load()
    {
        var client = await app.SignedInAsync("xianghe");
        var template = await client.GetAsync("/Import?handler=Template&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var xlsx = await template.Content.ReadAsByteArrayAsync();

        var form = Upload(xlsx, "模板.xlsx", "upload");
        form.Add(new StringContent(await Browserless.AntiforgeryTokenAsync(client, "/Import")), "__RequestVerificationToken");
        var posted = await client.PostAsync("/Import", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var reportPage = posted.Headers.Location!.OriginalString;
        Assert.StartsWith("/Import/Report/", reportPage, StringComparison.Ordinal);
        var html = await client.GetStringAsync(reportPage);
        Assert.Contains("<dd id=\"count-rows\">1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"count-valid\">1</dd>", html, StringComparison.Ordinal);

        var load = await client.PostAsync(reportPage + "?handler=Load", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mode"] = "all",
            ["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, reportPage),
        }));
        Assert.Equal(HttpStatusCode.Redirect, load.StatusCode);
        Assert.Equal("/Import?loaded=1&skipped=0", load.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(reportPage)).StatusCode); // the upload is gone once loaded

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.True(await db.Persons.AnyAsync(p => p.IdNumber == "411522199003150025" && p.CommunityCode == TestData.Xianghe));
    }

    [Fact]
    public async Task A_number_registered_between_the_check_and_the_load_is_skipped_and_the_rest_still_loads()
    {
        var client = await app.SignedInAsync("xianghe");
        var raced = TestData.NewIdNumber(Sex.Female, new DateOnly(1991, 2, 3));
        var other = TestData.NewIdNumber(Sex.Female, new DateOnly(1991, 2, 4));
        var csv = Encoding.UTF8.GetBytes("姓名,身份证号,现居住社区代码,流入日期\r\n" +
                                         $"竞争甲,{raced},{TestData.Xianghe},2025-01-01\r\n竞争乙,{other},{TestData.Xianghe},2025-01-01\r\n");
        var form = Upload(csv, "race.csv", "upload");
        form.Add(new StringContent(await Browserless.AntiforgeryTokenAsync(client, "/Import")), "__RequestVerificationToken");
        var reportPage = (await client.PostAsync("/Import", form)).Headers.Location!.OriginalString;
        Assert.Contains("<dd id=\"count-valid\">2</dd>", await client.GetStringAsync(reportPage), StringComparison.Ordinal);

        // Someone registers the first number by hand while the report waits for confirmation.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
            db.Persons.Add(new Person
            {
                Name = "手工登记", IdNumber = raced, Sex = Sex.Female, BirthDate = new DateOnly(1991, 2, 3), CommunityCode = TestData.Xianghe,
                HukouCountyCode = raced[..6], ArrivalDate = new DateOnly(2025, 1, 1),
                CreatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
                UpdatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        }

        var load = await client.PostAsync(reportPage + "?handler=Load", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mode"] = "all",
            ["__RequestVerificationToken"] = await Browserless.AntiforgeryTokenAsync(client, reportPage),
        }));
        Assert.Equal(HttpStatusCode.Redirect, load.StatusCode);

        await using var check = app.Scope();
        var persons = check.ServiceProvider.GetRequiredService<EqualCareDb>().Persons;
        Assert.Equal("手工登记", (await persons.SingleAsync(p => p.IdNumber == raced)).Name);
        var loaded = await persons.SingleAsync(p => p.IdNumber == other);
        Assert.Equal("竞争乙", loaded.Name);
        Assert.True(await check.ServiceProvider.GetRequiredService<EqualCareDb>().Movements
            .AnyAsync(m => m.PersonId == loaded.Id && m.Kind == MovementKind.Arrival));
        // The Arrivals are written from the ids the load gave (issue 15 point 3): one for the row loaded, and none for the
        // person registered by hand, whose number the skipped row carried.
        var movements = check.ServiceProvider.GetRequiredService<EqualCareDb>().Movements;
        Assert.Equal(1, await movements.CountAsync(m => m.PersonId == loaded.Id));
        var byHand = await persons.SingleAsync(p => p.IdNumber == raced);
        Assert.Equal(0, await movements.CountAsync(m => m.PersonId == byHand.Id));
    }

    /// <summary>
    /// Issue 15 point 3 (migration 0022): the trigger that forgets kept to-do items when rows are written beside the app's
    /// save looks at the statement's range of person ids first, so an import's Arrivals of new persons cost no semi-join; it
    /// still forgets exactly the persons named, and not a kept person whose id lies between them.
    /// </summary>
    [Fact]
    public async Task Rows_written_beside_the_app_s_save_forget_the_kept_items_of_exactly_the_persons_they_name()
    {
        var first = await app.AddPersonAsync(TestData.Xianghe, "遗忘甲");
        var middle = await app.AddPersonAsync(TestData.Xianghe, "遗忘乙");
        var last = await app.AddPersonAsync(TestData.Xianghe, "遗忘丙");
        foreach (var p in new[] { first, middle, last }) Assert.True(await Services.KeptDueCheck.KeptTodayAsync(app, p.Id));

        await using (var scope = app.Scope())
        {
            var (arrival, on, at, community) = ((short)MovementKind.Arrival, new DateOnly(2025, 1, 1),
                DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc), TestData.Xianghe);
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Database.ExecuteSqlAsync($"""
                INSERT INTO movements (person_id, kind, occurred_on, recorded_at, recorded_by, to_community_code)
                VALUES ({first.Id}, {arrival}, {on}, {at}, 'test', {community}), ({last.Id}, {arrival}, {on}, {at}, 'test', {community})
                """);
        }

        Assert.False(await Services.KeptDueCheck.KeptTodayAsync(app, first.Id));
        Assert.True(await Services.KeptDueCheck.KeptTodayAsync(app, middle.Id));
        Assert.False(await Services.KeptDueCheck.KeptTodayAsync(app, last.Id));
    }

    /// <summary>Issue 15 point 3: the bulk path gives the persons their ids and copies their Arrival movements beside them,
    /// so each movement must pair with its own person, and the next registration must draw an id after the loaded ones.</summary>
    [Fact]
    public async Task Each_loaded_person_gets_her_own_arrival_and_the_next_registration_gets_a_fresh_id()
    {
        var client = await app.SignedInAsync("xianghe");
        var ids = Enumerable.Range(0, 5).Select(i => TestData.NewIdNumber(Sex.Female, new DateOnly(1992, 3, 1 + i))).ToList();
        var csv = new StringBuilder("姓名,身份证号,现居住社区代码,流入日期\r\n");
        for (var i = 0; i < ids.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"成批{i},{ids[i]},{TestData.Xianghe},2024-0{i + 1}-1{i}\r\n");
        var load = await client.PostAsync("/api/persons/import?mode=all", Upload(Encoding.UTF8.GetBytes(csv.ToString()), "batch.csv"));
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        Assert.Equal(5, (await load.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("loaded").GetInt32());

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var loaded = await db.Persons.Where(p => ids.Contains(p.IdNumber)).ToListAsync();
        Assert.Equal(5, loaded.Count);
        foreach (var person in loaded)
        {
            var i = int.Parse(person.Name[2..], CultureInfo.InvariantCulture);
            Assert.Equal(new DateOnly(2024, i + 1, 10 + i), person.ArrivalDate);
            var arrival = await db.Movements.SingleAsync(m => m.PersonId == person.Id);
            Assert.Equal((MovementKind.Arrival, person.ArrivalDate, "xianghe", TestData.Xianghe),
                (arrival.Kind, arrival.OccurredOn, arrival.RecordedBy, arrival.ToCommunityCode));
        }

        var byHand = TestData.NewIdNumber(Sex.Female, new DateOnly(1992, 4, 1));
        var next = new Person
        {
            Name = "随后登记", IdNumber = byHand, Sex = Sex.Female, BirthDate = new DateOnly(1992, 4, 1), CommunityCode = TestData.Xianghe,
            HukouCountyCode = byHand[..6], ArrivalDate = new DateOnly(2025, 1, 1),
            CreatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
            UpdatedAt = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc),
        };
        db.Persons.Add(next);
        await db.SaveChangesAsync();
        Assert.True(next.Id > loaded.Max(p => p.Id));
    }

    /// <summary>Issue 14 point 12: a cell a user typed comes back in the rejected-rows file as text, never as a formula
    /// Excel or WPS would run (OWASP CSV injection: a leading = + - @ tab or carriage return gets a single quote).</summary>
    [Fact]
    public async Task The_rejected_rows_csv_escapes_cells_that_a_spreadsheet_would_run_as_formulas()
    {
        var client = await app.SignedInAsync("xianghe");
        var id = TestData.NewIdNumber(Sex.Female, new DateOnly(1992, 3, 4));
        var badId = id[..17] + (id[17] == '0' ? '1' : '0'); // wrong check character: the row is rejected
        var csv = Encoding.UTF8.GetBytes("姓名,身份证号,现居住社区代码,流入日期,备注,户籍地址,联系电话\r\n" +
                                         $"=cmd|' /C calc'!A0,{badId},{TestData.Xianghe},2025-01-01,@SUM(A1:A9),+1+2,-3\r\n");
        var form = Upload(csv, "formula.csv", "upload");
        form.Add(new StringContent(await Browserless.AntiforgeryTokenAsync(client, "/Import")), "__RequestVerificationToken");
        var reportPage = (await client.PostAsync("/Import", form)).Headers.Location!.OriginalString;

        var rejected = await client.GetAsync(reportPage + "?handler=Rejected");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        using var reader = new CsvHelper.CsvReader(new StringReader(await rejected.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        Assert.True(await reader.ReadAsync());
        reader.ReadHeader();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("'=cmd|' /C calc'!A0", reader.GetField("姓名"));
        Assert.Equal("'@SUM(A1:A9)", reader.GetField("备注"));
        Assert.Equal("'+1+2", reader.GetField("户籍地址"));
        Assert.Equal("'-3", reader.GetField("联系电话"));
        Assert.Equal(badId, reader.GetField("身份证号"));
    }

    [Fact]
    public async Task Roles_that_do_not_write_persons_cannot_import()
    {
        var client = await app.SignedInAsync("erqi");
        var response = await client.PostAsync("/api/persons/import", Upload("姓名\r\n张三\r\n"u8.ToArray(), "a.csv"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Import")).StatusCode);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_with_their_names()
    {
        var client = await app.SignedInAsync("xianghe");
        var response = await client.PostAsync("/api/persons/import", Upload("姓名,性别\r\n张三,女\r\n"u8.ToArray(), "a.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("import.file.missingColumns", problem.GetProperty("code").GetString());
        Assert.Contains("身份证号", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ImportTestsOnSqlite(SqliteApp app) : ImportTests(app);

[Collection(OnPostgres.Name)]
public sealed class ImportTestsOnPostgres(PostgresApp app) : ImportTests(app);
