using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests;

/// <summary>
/// Spouse, mother and father are entered by ID number (issue 13 point 7), not by the internal case number: the number is
/// resolved to the person in the worker's area, the stored link stays the person's id, the form shows the linked person
/// by name and masked number, and a number not registered in her area is an error that saves nothing.
/// </summary>
public abstract class FamilyLinkTests(AppFixture app)
{
    static string NewId(Sex sex = Sex.Female) => TestData.NewIdNumber(sex, new DateOnly(1992, 4, 9));

    static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string idNumber, string name, Dictionary<string, string> links)
    {
        var token = await Browserless.AntiforgeryTokenAsync(client, "/Persons/Register");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.Name"] = name, ["Form.IdNumber"] = idNumber, ["Form.Sex"] = "2",
            ["Form.CommunityCode"] = TestData.Xianghe, ["Form.ArrivalDate"] = "2025-06-01", ["Form.MaritalStatus"] = "10",
            ["Form.Phone"] = "13912345678", ["Form.HukouAddress"] = "河南省光山县某村", ["ConfirmSimilar"] = "true",
        };
        foreach (var (k, v) in links) form[k] = v;
        return await client.PostAsync("/Persons/Register", new FormUrlEncodedContent(form));
    }

    async Task<Person?> ByIdNumberAsync(string idNumber)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.AsNoTracking().SingleOrDefaultAsync(p => p.IdNumber == idNumber);
    }

    [Fact]
    public async Task A_spouse_typed_by_id_number_is_linked_to_her_case_and_shown_masked_on_the_edit_form()
    {
        var husband = await app.AddPersonAsync(TestData.Xianghe, name: "王建" + TestData.NextSerial(), sex: Sex.Male);
        var xianghe = await app.SignedInAsync("xianghe");
        var id = NewId();
        // Typed with spaces and a lower-case x, as people do: the number is normalised before it is looked up.
        var response = await RegisterAsync(xianghe, id, "李芳", new() { ["Form.SpouseIdNumber"] = " " + husband.IdNumber.ToLowerInvariant() + " " });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var wife = await ByIdNumberAsync(id);
        Assert.NotNull(wife);
        Assert.Equal(husband.Id, wife.SpouseId);

        var edit = await xianghe.GetStringAsync($"/Persons/{wife.Id}/Edit");
        Assert.Contains(husband.Name, edit, StringComparison.Ordinal);
        Assert.Contains(Masking.IdNumber(husband.IdNumber), edit, StringComparison.Ordinal);
        Assert.DoesNotContain(husband.IdNumber, edit, StringComparison.Ordinal);
        Assert.Contains($"name=\"Form.SpouseId\" value=\"{husband.Id}\"", edit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mother_and_father_are_linked_by_id_number_through_the_api_too()
    {
        var mother = await app.AddPersonAsync(TestData.Xianghe, name: "母" + TestData.NextSerial());
        var father = await app.AddPersonAsync(TestData.Xianghe, name: "父" + TestData.NextSerial(), sex: Sex.Male);
        var xianghe = await app.SignedInAsync("xianghe");
        var child = TestData.NewIdNumber(Sex.Male, new DateOnly(2020, 2, 2));
        var response = await xianghe.PostAsJsonAsync("/api/persons", new
        {
            name = "王小", idNumber = child, sex = 1, communityCode = TestData.Xianghe, arrivalDate = "2025-06-01", maritalStatus = 10,
            hukouAddress = "河南省光山县某村", motherIdNumber = mother.IdNumber, fatherIdNumber = father.IdNumber,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await ByIdNumberAsync(child);
        Assert.Equal((mother.Id, father.Id), (saved!.MotherId, saved.FatherId));
    }

    [Fact]
    public async Task A_number_not_registered_in_her_area_is_an_error_and_nothing_is_saved()
    {
        var elsewhere = await app.AddPersonAsync(TestData.Zhongyuan, name: "中原丙" + TestData.NextSerial(), sex: Sex.Male);
        var xianghe = await app.SignedInAsync("xianghe");

        var unknownNumber = NewId(Sex.Male);
        var id = NewId();
        var response = await RegisterAsync(xianghe, id, "赵敏", new() { ["Form.SpouseIdNumber"] = unknownNumber });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("该身份证号未在您的辖区登记", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{unknownNumber}\"", html, StringComparison.Ordinal); // what she typed stays in the box
        Assert.Null(await ByIdNumberAsync(id));

        // Registered, but in another community: the same answer, so the form never tells that the number exists elsewhere.
        var outside = await RegisterAsync(xianghe, id, "赵敏", new() { ["Form.FatherIdNumber"] = elsewhere.IdNumber });
        Assert.Contains("该身份证号未在您的辖区登记", WebUtility.HtmlDecode(await outside.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(await ByIdNumberAsync(id));
    }

    [Fact]
    public async Task An_edit_keeps_the_link_unless_it_is_removed_and_refuses_the_cases_own_number()
    {
        var husband = await app.AddPersonAsync(TestData.Xianghe, name: "丈夫" + TestData.NextSerial(), sex: Sex.Male);
        var wife = await app.AddPersonAsync(TestData.Xianghe, name: "妻子" + TestData.NextSerial());
        var xianghe = await app.SignedInAsync("xianghe");
        async Task<HttpResponseMessage> EditAsync(int version, Dictionary<string, string> links)
        {
            var token = await Browserless.AntiforgeryTokenAsync(xianghe, $"/Persons/{wife.Id}/Edit");
            var form = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Form.Name"] = wife.Name, ["Form.IdNumber"] = wife.IdNumber, ["Form.Sex"] = "2", ["Form.CommunityCode"] = TestData.Xianghe,
                ["Form.ArrivalDate"] = "2024-03-01", ["Form.MaritalStatus"] = "10", ["Form.HukouAddress"] = "河南省光山县某村",
            };
            foreach (var (k, v) in links) form[k] = v;
            return await xianghe.PostAsync($"/Persons/{wife.Id}/Edit", new FormUrlEncodedContent(form));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await EditAsync(0, new() { ["Form.SpouseIdNumber"] = husband.IdNumber })).StatusCode);
        Assert.Equal(husband.Id, (await ByIdNumberAsync(wife.IdNumber))!.SpouseId);

        // The form posts the kept link back as the hidden id with an empty box: it stays.
        Assert.Equal(HttpStatusCode.Redirect, (await EditAsync(1, new() { ["Form.SpouseId"] = husband.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).StatusCode);
        Assert.Equal(husband.Id, (await ByIdNumberAsync(wife.IdNumber))!.SpouseId);

        var self = await EditAsync(2, new() { ["Form.SpouseIdNumber"] = wife.IdNumber });
        Assert.Contains("不能关联本人", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(husband.Id, (await ByIdNumberAsync(wife.IdNumber))!.SpouseId);

        var removed = await EditAsync(2, new() { ["Form.SpouseId"] = husband.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.SpouseUnlink"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null((await ByIdNumberAsync(wife.IdNumber))!.SpouseId);
    }
}

[Collection(OnSqlite.Name)]
public sealed class FamilyLinkTestsOnSqlite(SqliteApp app) : FamilyLinkTests(app);

[Collection(OnPostgres.Name)]
public sealed class FamilyLinkTestsOnPostgres(PostgresApp app) : FamilyLinkTests(app);
