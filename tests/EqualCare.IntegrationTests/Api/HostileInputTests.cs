using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Api;

/// <summary>Issue 14, points 10 and 14: bodies that do not read are a 400 ProblemDetails naming the field, in every
/// environment, with nothing stored and no stack trace.</summary>
public abstract class HostileInputTests(AppFixture app)
{
    static string Case(string id, string marital) =>
        $$"""{"name":"枚举","idNumber":"{{id}}","sex":"Female","communityCode":"{{TestData.Xianghe}}","arrivalDate":"2025-06-01","maritalStatus":{{marital}},"phone":"13912345678","hukouAddress":"河南省光山县某村"}""";

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("99")]
    [InlineData("\"Polygamous\"")]
    public async Task An_undefined_enum_value_is_a_400_naming_the_field_and_nothing_is_stored(string marital)
    {
        var client = await app.SignedInAsync("xianghe");
        var id = TestData.NewIdNumber(Sex.Female, new DateOnly(1993, 5, 6));
        var response = await client.PostAsync("/api/persons", Json(Case(id, marital)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("maritalStatus", problem.GetProperty("field").GetString());

        await using var scope = app.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Persons.AnyAsync(p => p.IdNumber == id));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Malformed_bodies_are_a_400_problem_without_a_stack_trace_in_every_environment(string environment)
    {
        await using var host = app.WithWebHostBuilder(b => b.UseEnvironment(environment));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        // Demo accounts exist whatever the environment: demo mode is its own setting (EqualCare:Demo).
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync("xianghe", TestData.DemoPassword)).StatusCode);
        foreach (var body in new[] { "{\"name\":", "[1,2,3]", "{\"name\":\"x\",\"arrivalDate\":\"2025-13-45\"}" })
        {
            var response = await client.PostAsync("/api/persons", Json(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        }
    }
}

[Collection(OnSqlite.Name)]
public sealed class HostileInputTestsOnSqlite(SqliteApp app) : HostileInputTests(app);

[Collection(OnPostgres.Name)]
public sealed class HostileInputTestsOnPostgres(PostgresApp app) : HostileInputTests(app);
