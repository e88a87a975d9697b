using EqualCare.Web.Domain;
using EqualCare.Web.Features.Admin.Audit;
using EqualCare.Web.Features.Admin.Tokens;
using EqualCare.Web.Features.Admin.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EqualCare.Web.Features.Admin;

public static class AdminPages
{
    public const string Policy = "SystemAdmin";

    /// <summary>
    /// Every page under /Admin needs the system administrator role. The rule sits on the folder, so a page added later
    /// cannot forget it. Anyone else is refused with 403 and sees the friendly error page (the cookie scheme sends them
    /// to /Error/403, the same path every other refusal in the app takes).
    /// </summary>
    public static IServiceCollection AddAdminPages(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.RequireAuthenticatedUser().RequireRole(Roles.SystemAdmin));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Admin", Policy));
        services.AddScoped<UserDirectory>();
        services.AddScoped<TokenAdministration>();
        services.AddScoped<AuditSearch>();
        return services;
    }
}
