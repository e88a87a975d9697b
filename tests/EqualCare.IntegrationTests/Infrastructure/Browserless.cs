using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EqualCare.IntegrationTests.Infrastructure;

/// <summary>An HTTP client that logs in through the real login form (cookie + antiforgery token), as a browser would.</summary>
public static partial class Browserless
{
    public static HttpClient Client(this AppFixture app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signed in with the cookie, and sending the antiforgery token in its header on every request, as the app's
    /// own pages do: a cookie request that changes state needs it.</summary>
    public static async Task<HttpClient> SignedInAsync(this AppFixture app, string userName, string password = TestData.DemoPassword)
    {
        var client = await app.SignedInWithoutTokenAsync(userName, password);
        var home = await client.GetAsync("/");
        var match = TokenField().Match(await home.Content.ReadAsStringAsync());
        if (match.Success) client.DefaultRequestHeaders.Add(TokenHeader, match.Groups[1].Value);
        return client;
    }

    public const string TokenHeader = "RequestVerificationToken";

    /// <summary>Signed in with the cookie only, as a forged cross-site request would be.</summary>
    public static async Task<HttpClient> SignedInWithoutTokenAsync(this AppFixture app, string userName, string password = TestData.DemoPassword)
    {
        var client = app.Client();
        var response = await client.PostLoginAsync(userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"login of {userName} failed: {(int)response.StatusCode}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenField().Match(html);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on " + page);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
