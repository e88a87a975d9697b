namespace EqualCare.Web.Features.Hotline;

public static class HotlineSetup
{
    /// <summary>The hotline registry and its log (pages only: /Hotline, /Hotline/Lines).</summary>
    public static IServiceCollection AddHotline(this IServiceCollection services) =>
        services.AddScoped<HotlineLines>().AddScoped<HotlineLog>();
}
