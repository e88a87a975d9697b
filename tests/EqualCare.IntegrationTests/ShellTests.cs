using System.Net;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests;

/// <summary>Health, OpenAPI, errors: what every page and endpoint relies on.</summary>
public abstract class ShellTests(AppFixture app)
{
    [Fact]
    public async Task Healthz_answers_ok_when_the_database_is_reachable()
    {
        var response = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_persons_api()
    {
        var doc = JsonDocument.Parse(await app.Client().GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/persons", out _));
        Assert.True(paths.TryGetProperty("/api/persons/{id}", out _));
    }

    [Fact]
    public async Task An_unknown_api_route_answers_problem_details()
    {
        var client = await app.SignedInAsync("xianghe");
        var response = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_missing_page_shows_the_friendly_chinese_error_page()
    {
        var client = await app.SignedInAsync("xianghe");
        var response = await client.GetAsync("/Persons/999999999");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("找不到该页面或记录", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_english_switch_turns_pages_into_english()
    {
        var client = app.Client();
        var switched = await client.GetAsync("/culture/en?returnUrl=/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains("<h1>Sign in</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_culture_switch_does_not_redirect_to_another_site()
    {
        var response = await app.Client().GetAsync("/culture/en?returnUrl=//evil.example/");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ShellTestsOnSqlite(SqliteApp app) : ShellTests(app);

[Collection(OnPostgres.Name)]
public sealed class ShellTestsOnPostgres(PostgresApp app) : ShellTests(app);
