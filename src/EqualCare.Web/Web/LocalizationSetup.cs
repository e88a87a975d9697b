using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Web;

public static class LocalizationSetup
{
    public static IServiceCollection AddEqualCareLocalization(this IServiceCollection services)
    {
        services.AddSingleton<JsonStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory>(sp => sp.GetRequiredService<JsonStringLocalizerFactory>());
        services.AddSingleton<IStringLocalizer>(sp => sp.GetRequiredService<JsonStringLocalizerFactory>().Create(typeof(LocalizationSetup)));
        services.AddLocalization();
        return services;
    }

    /// <summary>Simplified Chinese first; English when the user switches (a cookie) or asks for it.</summary>
    public static WebApplication UseEqualCareLocalization(this WebApplication app)
    {
        var cultures = JsonStringLocalizerFactory.Cultures.Select(c => new CultureInfo(c)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(JsonStringLocalizerFactory.DefaultCulture),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        };
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        app.UseRequestLocalization(options);
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (!JsonStringLocalizerFactory.Cultures.Contains(culture)) culture = JsonStringLocalizerFactory.DefaultCulture;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.MaxValue, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(SecurityHeaders.LocalOrRoot(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
