using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EqualCare.IntegrationTests.Statistics;

/// <summary>The statistics-form and activity API calls the tests make, with the answers they read.</summary>
public static class StatFormApi
{
    public static async Task<long> OpenAsync(HttpClient client, string start, string end)
    {
        var response = await client.PostAsJsonAsync("/api/statforms", new { start, end });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/statforms/{id}");

    /// <summary>A figure of a form in base units (persons, yuan …).</summary>
    public static long Amount(JsonElement form, string code) =>
        form.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code).GetProperty("amount").GetInt64();

    public static string Value(JsonElement form, string code) =>
        form.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code).GetProperty("value").GetString()!;

    public static string State(JsonElement form) => form.GetProperty("state").GetString()!;

    public static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? reason = null) =>
        client.PostAsJsonAsync($"/api/statforms/{id}/{action}", new { reason });

    public static Task<HttpResponseMessage> SaveAsync(HttpClient client, long id, object values, string? remarks = null) =>
        client.PutAsJsonAsync($"/api/statforms/{id}", new { values, remarks });

    public static async Task<long> ActivityAsync(HttpClient client, string date, string kind, object quantities, long? corrects = null,
        string? reason = null)
    {
        var response = await client.PostAsJsonAsync("/api/activities",
            new { date, place = "祥和社区广场", kind, quantities, correctsEntryId = corrects, reason });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>The stable error code of a refusal, after checking its status and that its title is words, not the code.</summary>
    public static async Task<string> RefusalAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = problem.GetProperty("code").GetString()!;
        Assert.NotEqual(code, problem.GetProperty("title").GetString());
        return code;
    }
}
