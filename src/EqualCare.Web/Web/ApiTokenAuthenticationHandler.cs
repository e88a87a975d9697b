using System.Security.Claims;
using System.Text.Encodings.Web;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Web;

/// <summary>Authenticates "Authorization: Bearer eqc_…" against the hashed API tokens.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        // Tokens are for systems calling the API (issue 14): an administrator's token must not open /Admin pages.
        if (!Request.Path.StartsWithSegments("/api")) return await RefuseAsync("token used outside the API");
        var (user, refusal) = await tokens.CheckAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return await RefuseAsync(refusal ?? "unknown or revoked token");
        Context.Items[MustChangePasswordGate.ReadThisRequest] = user.MustChangePassword;
        var identity = new ClaimsIdentity(CurrentUser.ClaimsOf(user, "token"), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>Failed bearer attempts are audited like failed logins (等保 三级 安全审计); the token itself is never written.</summary>
    async Task<AuthenticateResult> RefuseAsync(string detail)
    {
        var audit = Context.RequestServices.GetRequiredService<AuditLog>();
        await audit.RecordAsync(AuditLog.Actions.Login, "api-token", null, AuditOutcome.Refused, detail, "anonymous", Context.RequestAborted);
        return AuthenticateResult.Fail(detail);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
