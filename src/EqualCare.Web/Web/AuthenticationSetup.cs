using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Web;

public static class AuthenticationSetup
{
    const string Smart = "CookieOrToken";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Cookies for people, bearer tokens for systems; a request with a Bearer header is judged by its token only.</summary>
    public static IServiceCollection AddEqualCareAuthentication(this IServiceCollection services)
    {
        services.AddScoped<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "equalcare.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/Account/Login";
                o.LogoutPath = "/Account/Logout";
                o.AccessDeniedPath = "/Error/403";
                o.ExpireTimeSpan = IdleTimeout; // idle timeout: sliding, so only inactivity ends the session
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = c => ApiAware(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => ApiAware(c, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateStampAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A session ends when its user is disabled, re-scoped, given another role or a new password, and when its server-side
    /// session was ended (logout), idle or past its absolute lifetime.
    /// </summary>
    static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var current = CurrentUser.From(context.Principal!);
        var stamp = context.Principal!.FindFirst(CurrentUser.StampClaim)?.Value;
        var db = context.HttpContext.RequestServices.GetRequiredService<EqualCareDb>();
        var valid = current is not null && await db.Users.AnyAsync(
            u => u.Id == current.Id && !u.IsDisabled && u.SecurityStamp == stamp, context.HttpContext.RequestAborted)
            && await context.HttpContext.RequestServices.GetRequiredService<UserSessions>()
                .IsOpenAsync(current.Id, UserSessions.IdOf(context.Principal!), context.HttpContext.RequestAborted);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
