using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>Registering and editing a case through the API: the legacy rules, scope, 查重 on entry, history and audit.</summary>
public abstract class CaseRegistrationTests(AppFixture app)
{
    static object Case(string id, string? name = null, int marital = 10, int? contraception = null, string community = TestData.Xianghe,
        string? overrideReason = null, int sex = 2) => new
    {
        name = name ?? "李" + Guid.NewGuid().ToString("N")[..4], idNumber = id, sex, idOverrideReason = overrideReason, communityCode = community, arrivalDate = "2025-06-01",
        maritalStatus = marital, contraceptionMethod = contraception, phone = "13912345678", hukouAddress = "河南省光山县某村",
    };

    static string NewId(Sex sex = Sex.Female, int year = 1992) => TestData.NewIdNumber(sex, new DateOnly(year, 4, 9));

    async Task<int> CountAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.CountAsync();
    }

    [Fact]
    public async Task A_valid_case_is_saved_with_an_arrival_event_and_an_audit_row()
    {
        var client = await app.SignedInAsync("xianghe");
        var id = NewId();
        var response = await client.PostAsJsonAsync("/api/persons", Case(id));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        var personId = saved.GetProperty("id").GetInt64();

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var person = await db.Persons.SingleAsync(p => p.Id == personId);
        Assert.Equal(id, person.IdNumber);
        Assert.Equal(IdState.Valid, person.IdState);
        Assert.Equal(DateOnly.ParseExact(id.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture), person.BirthDate);
        Assert.Equal(id[..6], person.HukouCountyCode);
        var arrival = await db.Movements.SingleAsync(m => m.PersonId == personId);
        Assert.Equal(MovementKind.Arrival, arrival.Kind);
        Assert.Equal(new DateOnly(2025, 6, 1), arrival.OccurredOn);
        Assert.Equal("xianghe", arrival.RecordedBy);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "create" && a.Entity == "person"
                                                         && a.EntityId == personId.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_same_id_number_opens_the_existing_case_instead_of_making_a_second()
    {
        var client = await app.SignedInAsync("xianghe");
        var id = NewId();
        var first = await (await client.PostAsJsonAsync("/api/persons", Case(id))).Content.ReadFromJsonAsync<JsonElement>();
        var before = await CountAsync();

        var again = await client.PostAsJsonAsync("/api/persons", Case(id.ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetInt64(), problem.GetProperty("existingId").GetInt64());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_married_woman_of_childbearing_age_without_contraception_is_refused_in_chinese_and_nothing_is_saved()
    {
        var client = await app.SignedInAsync("xianghe");
        var before = await CountAsync();
        var response = await client.PostAsJsonAsync("/api/persons", Case(NewId(), marital: 21));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("case.contraception.requiredForMarriedWoman", problem.GetProperty("errorCodes").GetProperty("ContraceptionMethod").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("已婚育龄妇女（15–49岁）必须填写避孕措施", problem.GetProperty("errors").GetProperty("ContraceptionMethod")[0].GetString());
        Assert.Equal(before, await CountAsync());

        var withEntry = await client.PostAsJsonAsync("/api/persons", Case(NewId(), marital: 21, contraception: (int)ContraceptionMethod.Iud));
        Assert.Equal(HttpStatusCode.Created, withEntry.StatusCode);
    }

    [Fact]
    public async Task A_woman_past_49_needs_no_contraception_entry()
    {
        var client = await app.SignedInAsync("xianghe");
        var response = await client.PostAsJsonAsync("/api/persons", Case(NewId(year: 1970), marital: 21));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_number_failing_its_check_is_refused_unless_a_reason_confirms_it()
    {
        var client = await app.SignedInAsync("xianghe");
        var good = NewId();
        var bad = good[..17] + (good[17] == '0' ? '1' : '0');

        var refused = await client.PostAsJsonAsync("/api/persons", Case(bad));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id.check.wrong", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCodes").GetProperty("IdNumber").EnumerateArray().Select(c => c.GetString()));

        var confirmed = await client.PostAsJsonAsync("/api/persons", Case(bad, overrideReason: "持身份证原件核对无误"));
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var personId = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using var scope = app.Scope();
        var person = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.SingleAsync(p => p.Id == personId);
        Assert.Equal(IdState.Overridden, person.IdState);
        Assert.Equal("CheckCharacter", person.IdFailedChecks);
        Assert.Equal("xianghe", person.IdOverrideBy);
    }

    [Fact]
    public async Task A_sex_that_contradicts_the_id_number_is_refused()
    {
        var client = await app.SignedInAsync("xianghe");
        var response = await client.PostAsJsonAsync("/api/persons", Case(NewId(Sex.Female), sex: 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id.sex.mismatch", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCodes").GetProperty("IdNumber").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Placeholder_numbers_may_repeat_and_are_flagged()
    {
        var client = await app.SignedInAsync("xianghe");
        foreach (var name in new[] { "张无号", "赵无号" })
        {
            var response = await client.PostAsJsonAsync("/api/persons", new
            {
                name, idNumber = "000000000000000000", sex = 1, birthDate = "1980-01-02", hukouCountyCode = "411522",
                communityCode = TestData.Xianghe, arrivalDate = "2025-01-01", maritalStatus = 10,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        Assert.True(await db.Persons.CountAsync(p => p.IdState == IdState.Placeholder && (p.Name == "张无号" || p.Name == "赵无号")) >= 2);
    }

    [Fact]
    public async Task The_same_name_birth_date_and_county_warns_and_saves_only_when_confirmed()
    {
        var client = await app.SignedInAsync("xianghe");
        var name = "周" + Guid.NewGuid().ToString("N")[..4];
        var first = NewId();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/persons", Case(first, name))).StatusCode);
        // Another number with the same area code and birth date: a different serial, as a second registration would have.
        var other = TestData.NewIdNumber(Sex.Female, DateOnly.ParseExact(first.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture));
        var sameArea = first[..6] + other[6..17];
        sameArea += EqualCare.Web.Domain.IdNumberChecksum.CheckCharacter(sameArea);

        var warned = await client.PostAsJsonAsync("/api/persons", Case(sameArea, name));
        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        Assert.Equal("case.similarFound", (await warned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var confirmed = await client.PostAsJsonAsync("/api/persons?confirmSimilar=true", Case(sameArea, name));
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
    }

    [Fact]
    public async Task A_community_outside_the_scope_and_a_reading_role_are_refused()
    {
        var xianghe = await app.SignedInAsync("xianghe");
        var outside = await xianghe.PostAsJsonAsync("/api/persons", Case(NewId(), community: TestData.Zhongyuan));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("case.community.outsideScope", (await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCodes").GetProperty("CommunityCode").EnumerateArray().Select(c => c.GetString()));

        var erqi = await app.SignedInAsync("erqi");
        Assert.Equal(HttpStatusCode.NotFound, (await erqi.PostAsJsonAsync("/api/persons", Case(NewId()))).StatusCode);
    }

    [Fact]
    public async Task An_edit_at_a_stale_version_is_refused_and_a_current_one_is_saved()
    {
        var client = await app.SignedInAsync("xianghe");
        var id = NewId();
        var saved = await (await client.PostAsJsonAsync("/api/persons", Case(id))).Content.ReadFromJsonAsync<JsonElement>();
        var personId = saved.GetProperty("id").GetInt64();

        var ok = await client.PutAsJsonAsync($"/api/persons/{personId}", new { version = 0, @case = Case(id, name: "李秀兰改") });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        var stale = await client.PutAsJsonAsync($"/api/persons/{personId}", new { version = 0, @case = Case(id, name: "又改") });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await using var scope = app.Scope();
        Assert.Equal("李秀兰改", (await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.SingleAsync(p => p.Id == personId)).Name);
    }

    [Fact]
    public async Task Another_community_cannot_edit_the_case()
    {
        var own = await app.AddPersonAsync(TestData.Xianghe);
        var zhongyuan = await app.SignedInAsync("zhongyuan");
        var response = await zhongyuan.PutAsJsonAsync($"/api/persons/{own.Id}", new { version = 0, @case = Case(own.IdNumber) });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_15_digit_number_is_stored_upgraded_with_what_was_typed()
    {
        var client = await app.SignedInAsync("xianghe");
        var old = "411522700101" + (TestData.NextSerial() % 1000).ToString("D3", CultureInfo.InvariantCulture);
        var response = await client.PostAsJsonAsync("/api/persons", new
        {
            name = "老号码", idNumber = old, communityCode = TestData.Xianghe, arrivalDate = "2025-01-01", maritalStatus = 10,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var personId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using var scope = app.Scope();
        var person = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.SingleAsync(p => p.Id == personId);
        Assert.Equal(18, person.IdNumber.Length);
        Assert.Equal(old, person.IdNumberEntered);
        Assert.Equal(new DateOnly(1970, 1, 1), person.BirthDate);
    }
}

[Collection(OnSqlite.Name)]
public sealed class CaseRegistrationTestsOnSqlite(SqliteApp app) : CaseRegistrationTests(app);

[Collection(OnPostgres.Name)]
public sealed class CaseRegistrationTestsOnPostgres(PostgresApp app) : CaseRegistrationTests(app);
