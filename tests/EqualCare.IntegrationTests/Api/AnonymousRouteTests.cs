using System.Net;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Api;

/// <summary>
/// Every endpoint the app maps, pages and API alike (ApiRouteTests walks the documented API; this walks the route table):
/// only the routes named here may be used without a user, each for its reason; every other one sends an anonymous
/// request to the login page (pages) or answers 401 (API). A route made anonymous without being named here fails.
/// </summary>
public abstract partial class AnonymousRouteTests(AppFixture app)
{
    static readonly Dictionary<string, string> Anonymous = new()
    {
        ["/Account/Login"] = "the login page",
        ["/Account/LoginTwoFactor"] = "the second step of a login",
        ["/Error/{status:int?}"] = "the friendly error page, also for anonymous requests",
        ["/api/exchange/inbound"] = "messages from partner installations (issue 16 point 4): no user, each signed with the sender's ECDSA key and refused unless it verifies (InboundHandler)",
        ["/Public/Services/{code?}"] = "the public services page for migrants (issue 18 point 4): published items and hotlines only, rate limited",
        ["/culture/{culture}"] = "the language switch, also on the login and public pages",
        ["/healthz"] = "the load balancer's health check",
        ["/openapi/{documentName}.json"] = "the API's description",
    };

    List<(string Pattern, string Method, bool IsPage, bool AllowsAnonymous, bool TakesForm)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                Method: e.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 } m ? m.HttpMethods[0] : "GET",
                IsPage: e.Metadata.GetMetadata<PageActionDescriptor>() is not null || e.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not null,
                AllowsAnonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                // An upload or a posted form is routed only with a form body (else 415 before authorization is reached).
                TakesForm: e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes
                    .Any(t => t.StartsWith("multipart/", StringComparison.Ordinal) || t.StartsWith("application/x-www-form", StringComparison.Ordinal)) == true))
            .DistinctBy(e => (e.Pattern, e.Method)).ToList();

    [Fact]
    public void Only_the_named_routes_allow_anonymous_access()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count(e => e.IsPage) > 40, "the route table lists the pages");
        var open = endpoints.Where(e => e.AllowsAnonymous).Select(e => e.Pattern).Distinct().Order().ToList();
        Assert.Equal(Anonymous.Keys.Order(), open);
    }

    [Fact]
    public async Task Every_other_route_sends_an_anonymous_request_to_the_login_page_or_answers_401()
    {
        var client = app.Client();
        var failures = new List<string>();
        var called = 0;
        foreach (var (pattern, method, isPage, allowsAnonymous, takesForm) in Endpoints())
        {
            if (allowsAnonymous) continue;
            // A value each parameter's constraint accepts, so that the route matches and the answer is about the user.
            var path = Parameter().Replace(pattern, m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString() : "1");
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
                request.Content = takesForm ? new MultipartFormDataContent { { new StringContent("1"), "version" } }
                    : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            called++;
            if (path == "/")
            {
                // UseLoginAtRoot: the site's address shows the login form itself to someone not signed in.
                Assert.Contains("name=\"Password\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                continue;
            }
            var toLogin = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/Account/Login";
            var ok = path.StartsWith("/api/", StringComparison.Ordinal) ? response.StatusCode == HttpStatusCode.Unauthorized : toLogin;
            if (!ok) failures.Add($"{method} {path} ({(isPage ? "page" : "endpoint")}): {(int)response.StatusCode} {response.Headers.Location}");
        }
        Assert.True(called > 60, $"only {called} routes called");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // And the public page answers without a user.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Public/Services")).StatusCode);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}

[Collection(OnSqlite.Name)]
public sealed class AnonymousRouteTestsOnSqlite(SqliteApp app) : AnonymousRouteTests(app);

[Collection(OnPostgres.Name)]
public sealed class AnonymousRouteTestsOnPostgres(PostgresApp app) : AnonymousRouteTests(app);
