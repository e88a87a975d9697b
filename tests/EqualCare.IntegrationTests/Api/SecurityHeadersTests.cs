using System.Net;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests.Api;

/// <summary>Issue 14, point 13: security headers on pages, API routes and static files; every return URL stays on the site.</summary>
public abstract class SecurityHeadersTests(AppFixture app)
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/api/persons")]
    [InlineData("/css/activities.css")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.Client().GetAsync(path);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/\\evil.com")]
    [InlineData("//evil.com")]
    [InlineData("https://evil.com")]
    public async Task A_return_url_off_the_site_goes_home(string returnUrl)
    {
        var response = await app.Client().GetAsync("/culture/en?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}

[Collection(OnSqlite.Name)]
public sealed class SecurityHeadersTestsOnSqlite(SqliteApp app) : SecurityHeadersTests(app);

[Collection(OnPostgres.Name)]
public sealed class SecurityHeadersTestsOnPostgres(PostgresApp app) : SecurityHeadersTests(app);
