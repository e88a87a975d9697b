using System.Net;
using System.Text.RegularExpressions;

namespace EqualCare.IntegrationTests.Hotline;

/// <summary>The hotline and services-board pages as a signed-in browser posts them (the client sends the antiforgery header).</summary>
public static partial class HotlinePages
{
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string?> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!))));

    /// <summary>Posts and expects the page's redirect after success.</summary>
    public static async Task SucceedsAsync(HttpClient client, string path, IDictionary<string, string?> fields)
    {
        var response = await PostFormAsync(client, path, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode} {Errors(await response.Content.ReadAsStringAsync())}");
    }

    /// <summary>Posts and expects the page again (200) with its error summary; returns the messages.</summary>
    public static async Task<string> RefusedAsync(HttpClient client, string path, IDictionary<string, string?> fields)
    {
        var response = await PostFormAsync(client, path, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = Errors(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(errors), "no error shown");
        return errors;
    }

    public static string Errors(string html)
    {
        var m = Summary().Match(html);
        return m.Success ? WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ")).Trim() : "";
    }

    public static Dictionary<string, string?> Contact(string date, string topic, string answer, string channel = "Phone", string? time = "10:00",
        string? community = null, string? idNumber = null, string? followUpOn = null, string? referral = null) => new()
    {
        ["Input.Date"] = date, ["Input.Time"] = time, ["Input.Channel"] = channel, ["Input.Topic"] = topic, ["Input.Answer"] = answer,
        ["Input.Community"] = community, ["Input.PersonIdNumber"] = idNumber, ["Input.FollowUpOn"] = followUpOn, ["Input.Referral"] = referral,
        ["Input.Question"] = "来电咨询",
    };

    public static Dictionary<string, string?> Line(string kind, string name, string? number, string hours, string? place = null, string? onDuty = null) => new()
    {
        ["Input.Kind"] = kind, ["Input.Name"] = name, ["Input.Number"] = number, ["Input.OpeningHours"] = hours, ["Input.Place"] = place,
        ["Input.OnDuty"] = onDuty,
    };

    [GeneratedRegex("<div class=\"errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Summary();
}
