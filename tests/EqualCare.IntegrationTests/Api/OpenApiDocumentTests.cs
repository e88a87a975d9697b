using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests.Api;

/// <summary>
/// The served OpenAPI document is the committed docs/openapi.json, so that every API change is a visible diff.
/// To accept a change, regenerate the file with the command in <see cref="UpdateCommand"/>.
/// </summary>
public abstract class OpenApiDocumentTests(AppFixture app)
{
    public const string UpdateVariable = "EQUALCARE_UPDATE_OPENAPI";

    public const string UpdateCommand =
        "EQUALCARE_UPDATE_OPENAPI=1 dotnet test tests/EqualCare.IntegrationTests --filter FullyQualifiedName~OpenApiDocumentTestsOnSqlite";

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = Normalise(await app.Client().GetFromJsonAsync<JsonNode>("/openapi/v1.json"));
        var committedPath = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(committedPath, served + "\n");
            return;
        }
        var committed = File.Exists(committedPath) ? Normalise(JsonNode.Parse(await File.ReadAllTextAsync(committedPath))) : "(missing)";
        if (served == committed) return;

        var folder = Environment.GetEnvironmentVariable("EQUALCARE_TEST_OUTPUT") is { Length: > 0 } o ? o : Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var written = Path.Combine(folder, $"openapi.served.{app.Provider.ToString().ToLowerInvariant()}.json");
        await File.WriteAllTextAsync(written, served + "\n");
        Assert.Fail($"The served OpenAPI document differs from docs/openapi.json. The served one is in {written}; " +
                    $"compare them, and if the change is meant, update the committed file with:\n  {UpdateCommand}");
    }

    /// <summary>Members sorted by name at every level and indented, so that only a real change is a difference.</summary>
    static string Normalise(JsonNode? node) =>
        Sorted(node)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EqualCare.slnx"))) return dir.FullName;
        throw new InvalidOperationException("EqualCare.slnx not found above " + AppContext.BaseDirectory);
    }
}

[Collection(OnSqlite.Name)]
public sealed class OpenApiDocumentTestsOnSqlite(SqliteApp app) : OpenApiDocumentTests(app);

[Collection(OnPostgres.Name)]
public sealed class OpenApiDocumentTestsOnPostgres(PostgresApp app) : OpenApiDocumentTests(app);
