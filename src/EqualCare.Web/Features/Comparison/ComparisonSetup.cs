namespace EqualCare.Web.Features.Comparison;

public static class ComparisonSetup
{
    public static IServiceCollection AddComparison(this IServiceCollection services) => services
        .AddSingleton<ComparisonUploads>()
        .AddScoped<ComparisonService>()
        .AddScoped<ComparisonQueries>()
        .AddScoped<ResolutionHandler>()
        .AddScoped<ComparisonRates>()
        .AddScoped<GapProgress>();
}
