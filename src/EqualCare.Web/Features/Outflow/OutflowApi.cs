namespace EqualCare.Web.Features.Outflow;

public static class OutflowApi
{
    public static IServiceCollection AddOutflow(this IServiceCollection services) => services.AddScoped<OutflowQuery>();
}
