using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.IntegrationTests.Plans;
using EqualCare.Web.Domain;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EqualCare.IntegrationTests.Api;

/// <summary>
/// Walks the served OpenAPI document: every GET route answers 2xx with a body that matches its documented schema for a
/// user who may use it; every route answers 404 to a user out of the record's scope and 401 without a user. A route added
/// to the document without a recipe here fails the test (no silent skip).
/// </summary>
public abstract class ApiRouteTests(AppFixture app, ITestOutputHelper output)
{
    /// <summary>The records a recipe needs, all in 祥和社区 / 大学路街道; the outsider is 东风路街道's user.</summary>
    sealed record Records(Person Person, long CheckupDay, long Plan, long StatForm);

    const string Outsider = "dongfenglu";

    /// <summary>
    /// For each documented route: who may use it, its concrete path (with the query a GET needs), and whether a user out
    /// of scope gets 404 (every route that names a record or a unit does; a route about nothing in particular, such as
    /// a list of the caller's own scope, has nothing to be out of scope of and says why).
    /// </summary>
    /// <param name="Body">A write whose body is checked before the record is looked up gets a well-formed one, so that
    /// the answer out of scope is about scope; other writes get <c>{}</c>.</param>
    sealed record Recipe(string User, Func<Records, string> Path, string? NoScopeBecause = null, Func<HttpContent>? Body = null);

    static Func<HttpContent> Json(object body) => () => JsonContent.Create(body);

    static readonly string OwnScope = "lists only the caller's own scope";

    static readonly Dictionary<string, Recipe> Recipes = new()
    {
        ["GET /api/persons"] = new("xianghe", _ => "/api/persons", OwnScope),
        ["POST /api/persons"] = new("xianghe", _ => "/api/persons", "registers in the caller's scope; a community outside it is a field problem (400)"),
        ["GET /api/persons/{id}"] = new("xianghe", r => $"/api/persons/{r.Person.Id}"),
        ["PUT /api/persons/{id}"] = new("xianghe", r => $"/api/persons/{r.Person.Id}"),
        ["POST /api/persons/{id}/reveal"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/reveal"),
        ["GET /api/persons/{id}/movements"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/movements"),
        ["POST /api/persons/{id}/movements"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/movements"),
        ["GET /api/persons/{id}/due"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/due"),
        ["POST /api/persons/{id}/decisions"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/decisions",
            Body: Json(new { kind = "WomensCheckup", reason = "Pregnant" })),
        ["GET /api/persons/{id}/services"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/services"),
        ["POST /api/persons/{id}/services"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/services",
            Body: Json(new { kind = "HealthEducation", date = "2026-01-05" })),
        ["POST /api/persons/{id}/services/{recordId}/void"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/services/1/void",
            Body: Json(new { reason = "接口巡检" })),
        ["GET /api/persons/{id}/certificates"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/certificates"),
        ["POST /api/persons/{id}/certificates"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/certificates"),
        ["POST /api/persons/{id}/certificates/{certId}/checks"] = new("xianghe", r => $"/api/persons/{r.Person.Id}/certificates/1/checks"),
        ["POST /api/persons/import"] = new("xianghe", _ => "/api/persons/import", "imports into the caller's scope; rows outside it are rejected in the report",
            Body: () => new MultipartFormDataContent { { new ByteArrayContent("姓名\n"u8.ToArray()), "file", "persons.csv" } }),
        ["GET /api/worklist"] = new("xianghe", _ => "/api/worklist", OwnScope),
        ["GET /api/worklist/persons"] = new("xianghe", _ => "/api/worklist/persons", OwnScope),
        ["GET /api/worklist/follow-ups"] = new("xianghe", _ => $"/api/worklist/follow-ups?org={TestData.Xianghe}"),
        ["GET /api/comparison/lists"] = new("xianghe", _ => "/api/comparison/lists", OwnScope),
        ["GET /api/comparison/counts"] = new("xianghe", _ => "/api/comparison/counts", OwnScope),
        ["GET /api/comparison/results"] = new("xianghe", _ => "/api/comparison/results?kind=Missing&open=true", OwnScope),
        ["POST /api/comparison/results/{id}/resolution"] = new("xianghe", _ => "/api/comparison/results/1/resolution",
            Body: Json(new { reason = "NotResident", note = "接口巡检" })),
        ["GET /api/worklist/assignments"] = new("daxuelu", _ => $"/api/worklist/assignments?community={TestData.Xianghe}"),
        ["POST /api/worklist/assignments"] = new("daxuelu", _ => "/api/worklist/assignments",
            Body: Json(new { community = TestData.Xianghe, workerId = 1, personIds = new[] { 1L } })),
        ["GET /api/checkups"] = new("xianghe", _ => "/api/checkups", OwnScope),
        ["POST /api/checkups"] = new("xianghe", _ => "/api/checkups", "creates a day of the caller's own community"),
        ["GET /api/checkups/{id}"] = new("xianghe", r => $"/api/checkups/{r.CheckupDay}"),
        ["POST /api/checkups/{id}/attendance"] = new("xianghe", r => $"/api/checkups/{r.CheckupDay}/attendance"),
        ["GET /api/checkups/catch-up"] = new("xianghe", _ => "/api/checkups/catch-up", OwnScope),
        ["GET /api/certificates/missing"] = new("xianghe", _ => "/api/certificates/missing", OwnScope),
        ["GET /api/duplicates"] = new("xianghe", _ => "/api/duplicates", OwnScope),
        ["POST /api/duplicates/check"] = new("xianghe", _ => "/api/duplicates/check", "checks a number against the caller's own scope"),
        ["POST /api/duplicates/merge"] = new("xianghe", _ => "/api/duplicates/merge", "names its cases in the body"),
        ["GET /api/data-quality"] = new("xianghe", _ => $"/api/data-quality?unit={TestData.Xianghe}"),
        ["GET /api/data-quality/list"] = new("xianghe", _ => $"/api/data-quality/list?issue=IdFormat&community={TestData.Xianghe}", "the list is filtered to the caller's scope"),
        ["GET /api/id-numbers/{number}"] = new("xianghe", r => $"/api/id-numbers/{r.Person.IdNumber}", "checks a number; no record is read"),
        ["GET /api/org-units"] = new("xianghe", _ => "/api/org-units?q=祥和", OwnScope),
        ["GET /api/org-units/{code}"] = new("xianghe", _ => $"/api/org-units/{TestData.Xianghe}"),
        ["GET /api/sms"] = new("xianghe", _ => $"/api/sms?org={TestData.Xianghe}"),
        ["POST /api/sms/run"] = new("xianghe", _ => $"/api/sms/run?org={TestData.Xianghe}"),
        ["GET /api/indicators"] = new("xianghe", _ => $"/api/indicators?unit={TestData.Xianghe}"),
        ["POST /api/surveys"] = new("xianghe", _ => "/api/surveys", "records an answer of the caller's own community"),
        ["GET /api/plans"] = new("daxuelu", _ => "/api/plans", OwnScope),
        ["POST /api/plans"] = new("daxuelu", _ => "/api/plans", "names its street in the body"),
        ["GET /api/plans/{id}"] = new("daxuelu", r => $"/api/plans/{r.Plan}"),
        ["PUT /api/plans/{id}/allocations"] = new("daxuelu", r => $"/api/plans/{r.Plan}/allocations"),
        ["POST /api/plans/{id}/allocations/file"] = new("daxuelu", r => $"/api/plans/{r.Plan}/allocations/file", Body: () =>
            new MultipartFormDataContent { { new ByteArrayContent("社区代码\n"u8.ToArray()), "file", "allocation.csv" }, { new StringContent("1"), "version" } }),
        ["GET /api/plans/{id}/allocations/template"] = new("daxuelu", r => $"/api/plans/{r.Plan}/allocations/template"),
        ["POST /api/plans/{id}/progress"] = new("daxuelu", r => $"/api/plans/{r.Plan}/progress"),
        ["GET /api/activities"] = new("xianghe", _ => "/api/activities", OwnScope),
        ["POST /api/activities"] = new("xianghe", _ => "/api/activities", "records an activity of the caller's own unit"),
        ["GET /api/statforms"] = new("xianghe", _ => "/api/statforms?start=2026-01-01&end=2026-03-31", OwnScope),
        ["POST /api/statforms"] = new("xianghe", _ => "/api/statforms", "opens the caller's own form"),
        ["GET /api/statforms/{id}"] = new("xianghe", r => $"/api/statforms/{r.StatForm}"),
        ["PUT /api/statforms/{id}"] = new("xianghe", r => $"/api/statforms/{r.StatForm}"),
        ["POST /api/statforms/{id}/submit"] = new("xianghe", r => $"/api/statforms/{r.StatForm}/submit"),
        ["POST /api/statforms/{id}/approve"] = new("xianghe", r => $"/api/statforms/{r.StatForm}/approve"),
        ["POST /api/statforms/{id}/return"] = new("xianghe", r => $"/api/statforms/{r.StatForm}/return"),
        ["POST /api/statforms/{id}/reopen"] = new("xianghe", r => $"/api/statforms/{r.StatForm}/reopen"),
    };

    /// <summary>One set of records per database (the fixtures are per provider and may run at the same time).</summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<AppFixture, Lazy<Task<Records>>> RecordsByApp = new();

    async Task<JsonElement> DocumentAsync() => await app.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    static IEnumerable<(string Key, string Method, string Template, JsonElement Operation)> Routes(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                var method = op.Name.ToUpperInvariant();
                if (method is "PARAMETERS" or "SUMMARY" or "DESCRIPTION") continue;
                yield return ($"{method} {path.Name}", method, path.Name, op.Value);
            }
    }

    Task<Records> RecordsAsync() => RecordsByApp.GetOrAdd(app, a => new Lazy<Task<Records>>(() => MakeRecordsAsync(a))).Value;

    static async Task<Records> MakeRecordsAsync(AppFixture app)
    {
        var person = await app.AddPersonAsync(TestData.Xianghe, "接口巡检");
        var xianghe = await app.SignedInAsync("xianghe");
        var today = DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var day = await xianghe.PostAsJsonAsync("/api/checkups", new { day = today.AddDays(7), place = "社区卫生服务站" });
        Assert.Equal(HttpStatusCode.Created, day.StatusCode);
        var dayId = (await day.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var plan = await SeedPlans.CreateAsync(await app.SignedInAsync("daxuelu"), SeedPlans.Annex1("接口巡检"));
        var form = await xianghe.PostAsJsonAsync("/api/statforms", new { start = "2026-01-01", end = "2026-03-31" });
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var formId = (await form.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return new Records(person, dayId, plan, formId);
    }

    [Fact]
    public async Task Every_documented_route_has_a_recipe()
    {
        var document = await DocumentAsync();
        var missing = Routes(document).Select(r => r.Key).Where(k => !Recipes.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Routes in the OpenAPI document without a recipe in ApiRouteTests.Recipes: " + string.Join(", ", missing));
        var stale = Recipes.Keys.Except(Routes(document).Select(r => r.Key)).ToList();
        Assert.True(stale.Count == 0, "Recipes for routes no longer in the document: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_get_route_answers_its_documented_schema()
    {
        var document = await DocumentAsync();
        var schema = new OpenApiSchema(document);
        var r = await RecordsAsync();
        var clients = new Dictionary<string, HttpClient>();
        var failures = new List<string>();
        var called = 0;
        foreach (var (key, _, _, operation) in Routes(document).Where(x => x.Method == "GET"))
        {
            var recipe = Recipes.TryGetValue(key, out var found) ? found : throw new InvalidOperationException("no recipe for " + key);
            if (!clients.TryGetValue(recipe.User, out var client)) clients[recipe.User] = client = await app.SignedInAsync(recipe.User);
            var response = await client.GetAsync(recipe.Path(r));
            called++;
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                failures.Add($"{key}: {status} {await response.Content.ReadAsStringAsync()}");
                continue;
            }
            var documented = operation.GetProperty("responses").GetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!documented.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var json))
            {
                if (response.Content.Headers.ContentType?.MediaType == "application/json") failures.Add($"{key}: answers JSON its document does not describe");
                continue;
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            failures.AddRange(schema.Check(body, json.GetProperty("schema")).Select(p => $"{key}: {p}"));
        }
        output.WriteLine($"GET routes called: {called}, failures: {failures.Count}");
        Assert.True(called > 0);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_route_about_a_record_answers_404_out_of_scope_with_the_documented_error_body()
    {
        var document = await DocumentAsync();
        var schema = new OpenApiSchema(document);
        var r = await RecordsAsync();
        var outsider = await app.SignedInAsync(Outsider);
        var failures = new List<string>();
        var called = 0;
        foreach (var (key, method, _, operation) in Routes(document))
        {
            var recipe = Recipes.TryGetValue(key, out var found) ? found : throw new InvalidOperationException("no recipe for " + key);
            if (recipe.NoScopeBecause is not null) continue;
            var response = await SendAsync(outsider, method, recipe.Path(r), recipe.Body);
            called++;
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                continue;
            }
            failures.AddRange(await ProblemFailuresAsync(key, response, operation, schema));
        }
        output.WriteLine($"routes called out of scope: {called}, failures: {failures.Count}");
        Assert.True(called > 0);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_route_answers_401_without_a_user_with_the_documented_error_body()
    {
        var document = await DocumentAsync();
        var schema = new OpenApiSchema(document);
        var r = await RecordsAsync();
        var anonymous = app.Client();
        var failures = new List<string>();
        var called = 0;
        foreach (var (key, method, _, operation) in Routes(document))
        {
            var recipe = Recipes.TryGetValue(key, out var found) ? found : throw new InvalidOperationException("no recipe for " + key);
            var response = await SendAsync(anonymous, method, recipe.Path(r), recipe.Body);
            called++;
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{key}: {(int)response.StatusCode}");
                continue;
            }
            failures.AddRange(await ProblemFailuresAsync(key, response, operation, schema));
        }
        output.WriteLine($"routes called without a user: {called}, failures: {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The error body must be the one the route documents for that status.</summary>
    static async Task<IEnumerable<string>> ProblemFailuresAsync(string key, HttpResponseMessage response, JsonElement operation, OpenApiSchema schema)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(status, out var documented))
            return [$"{key}: answers {status}, which it does not document"];
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var content = documented.GetProperty("content").EnumerateObject().First().Value;
        return schema.Check(body, content.GetProperty("schema")).Select(p => $"{key} {status}: {p}");
    }

    /// <summary>A write is sent with an empty JSON object: scope is checked before the body's content.</summary>
    static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, Func<HttpContent>? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET") request.Content = body?.Invoke() ?? new StringContent("{}", Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ApiRouteTestsOnSqlite(SqliteApp app, ITestOutputHelper output) : ApiRouteTests(app, output);

[Collection(OnPostgres.Name)]
public sealed class ApiRouteTestsOnPostgres(PostgresApp app, ITestOutputHelper output) : ApiRouteTests(app, output);
