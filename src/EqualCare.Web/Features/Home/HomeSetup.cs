namespace EqualCare.Web.Features.Home;

public static class HomeSetup
{
    public static IServiceCollection AddHome(this IServiceCollection services) => services
        .AddScoped<HomeDashboard>()
        .AddScoped<ApprovalsWaiting>();
}
