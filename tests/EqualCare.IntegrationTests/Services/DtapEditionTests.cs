using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Immunisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Services;

/// <summary>
/// A child of 祥和 born on 2024-03-15 with 百白破 1 and 2 on her card: 百白破 3 fell due at 5 months (2024-08-15) under the
/// 2021 edition, and her due list and the to-do list say so whatever the day they are computed on, not the 2025
/// edition's 6 months (2024-09-15).
/// </summary>
public abstract class DtapEditionTests(AppFixture app)
{
    [Fact]
    public async Task A_child_born_in_2024_has_DTaP_3_due_at_5_months_under_the_2021_edition_on_her_list_and_the_worklist()
    {
        var child = await app.AddPersonAsync(TestData.Xianghe, "百白破甲", Sex.Female);
        var born = new DateOnly(2024, 3, 15);
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.Where(p => p.Id == child.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthDate, born).SetProperty(p => p.MaritalStatus, MaritalStatus.Unmarried)
                    .SetProperty(p => p.ArrivalDate, born));
        var xianghe = await app.SignedInAsync("xianghe");
        foreach (var (dose, date) in new[] { (1, "2024-06-15"), (2, "2024-07-15") })
            Assert.Equal(HttpStatusCode.Created, (await xianghe.PostAsJsonAsync($"/api/persons/{child.Id}/services",
                new { kind = "Immunisation", date, vaccine = "DTaP", doseNumber = dose })).StatusCode);

        // Missed long ago, DTaP 3 is one dose of the child's catch-up plan (issue 13 point 2; before, a row of its own),
        // which keeps the day it fell due and the edition it fell due under.
        var due = await xianghe.GetFromJsonAsync<JsonElement>($"/api/persons/{child.Id}/due");
        var plan = Assert.Single(due.GetProperty("due").EnumerateArray(), i => i.GetProperty("itemKey").GetString() == "catch-up");
        var dose3 = Assert.Single(plan.GetProperty("plan").EnumerateArray(), DtapThree);
        Assert.Equal(("2024-08-15", NipSchedules.Nip2021.Name), (dose3.GetProperty("due").GetString(), dose3.GetProperty("source").GetString()));

        var worklist = await xianghe.GetFromJsonAsync<JsonElement>("/api/worklist?org=" + TestData.Xianghe);
        var listed = Assert.Single(worklist.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("personId").GetInt64() == child.Id && i.GetProperty("itemKey").GetString() == "catch-up");
        Assert.Equal("2024-08-15", Assert.Single(listed.GetProperty("plan").EnumerateArray(), DtapThree).GetProperty("due").GetString());
    }

    static bool DtapThree(JsonElement dose) => dose.GetProperty("vaccine").GetString() == "DTaP" && dose.GetProperty("dose").GetInt32() == 3;
}

[Collection(OnSqlite.Name)]
public sealed class DtapEditionTestsOnSqlite(SqliteApp app) : DtapEditionTests(app);

[Collection(OnPostgres.Name)]
public sealed class DtapEditionTestsOnPostgres(PostgresApp app) : DtapEditionTests(app);
