using System.Net;
using System.Text;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Api;

/// <summary>Issue 14, points 13 and 14: behind a TLS proxy named in the settings the cookie is Secure, HSTS is sent and the
/// audit records the client's address (from anyone else the forwarded headers are ignored); the demo runs in Production
/// without stack traces.</summary>
public abstract class ProxyAndDemoModeTests(AppFixture app)
{
    const string Client = "198.51.100.23"; // the user's address as the proxy forwards it (RFC 5737)

    static WebApplicationFactoryClientOptions Options => new() { AllowAutoRedirect = false, HandleCookies = true };

    async Task<string?> LastLoginAddressAsync(string userName)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        return await db.AuditEntries.Where(a => a.Action == AuditLog.Actions.Login && a.UserName == userName)
            .OrderByDescending(a => a.Id).Select(a => a.ClientAddress).FirstAsync();
    }

    static HttpClient Forwarded(HttpClient client)
    {
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Client);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    static Task<HttpResponseMessage> ForwardedLoginAsync(HttpClient client, string userName) =>
        Forwarded(client).PostLoginAsync(userName, TestData.DemoPassword);

    [Fact]
    public async Task Behind_a_known_proxy_the_cookie_is_secure_hsts_is_sent_and_the_audit_records_the_client()
    {
        // The test server's connections come from ClientAddress.Value: here that is the proxy.
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("EqualCare:Proxy:KnownProxies", ClientAddress.Value));
        // The client speaks plain HTTP to the app, as the proxy does, so its cookie jar would not return the Secure
        // antiforgery cookie: the cookies are carried by hand, as the browser (on HTTPS) carries them.
        var client = Forwarded(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        var page = await client.GetAsync("/Account/Login");
        var culture = await client.GetAsync("/culture/en?returnUrl=/");
        // Every cookie the app sets is Secure over the forwarded HTTPS: antiforgery, language, and below the sign-in.
        Assert.All(page.Headers.GetValues("Set-Cookie").Concat(culture.Headers.GetValues("Set-Cookie")),
            c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.True(page.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("equalcare.af=", StringComparison.Ordinal)).Split(';')[0];
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "zhongyuan", ["Password"] = TestData.DemoPassword, ["__RequestVerificationToken"] = token,
            }),
        };
        form.Headers.Add("Cookie", antiforgery);
        var login = await client.SendAsync(form);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("equalcare.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(Client, await LastLoginAddressAsync("zhongyuan"));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_named_as_a_proxy_are_ignored()
    {
        var login = await ForwardedLoginAsync(app.Client(), "zhongyuan");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("equalcare.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(ClientAddress.Value, await LastLoginAddressAsync("zhongyuan"));
    }

    [Fact]
    public async Task The_demo_runs_in_Production_and_a_malformed_body_is_a_400_without_a_stack_trace()
    {
        await using var host = app.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("EqualCare:Demo", "true"));
        var client = host.CreateClient(Options);
        Assert.Contains("id=\"demo-password\"", await client.GetStringAsync("/Account/Login"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync("xianghe", TestData.DemoPassword)).StatusCode);
        client.DefaultRequestHeaders.Add(Browserless.TokenHeader, await Browserless.AntiforgeryTokenAsync(client, "/Import"));

        var requests = new (string Url, HttpContent Body)[]
        {
            ("/api/persons", new StringContent("{\"name\":", Encoding.UTF8, "application/json")),
            ("/api/persons", new StringContent("{\"name\":\"x\",\"arrivalDate\":\"2025-13-45\"}", Encoding.UTF8, "application/json")),
            ("/api/persons/import", Multipart("--broken\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nno end")),
            ("/Import", Multipart("--broken\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.csv\"\r\n\r\nno end")),
        };
        foreach (var (url, body) in requests)
        {
            var response = await client.PostAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 400)]}");
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("at Microsoft.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("at System.", text, StringComparison.Ordinal);
        }
    }

    static StringContent Multipart(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=broken");
        return content;
    }
}

[Collection(OnSqlite.Name)]
public sealed class ProxyAndDemoModeTestsOnSqlite(SqliteApp app) : ProxyAndDemoModeTests(app);

[Collection(OnPostgres.Name)]
public sealed class ProxyAndDemoModeTestsOnPostgres(PostgresApp app) : ProxyAndDemoModeTests(app);
