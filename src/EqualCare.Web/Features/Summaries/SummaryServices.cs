namespace EqualCare.Web.Features.Summaries;

public static class SummaryServices
{
    public static IServiceCollection AddSummaries(this IServiceCollection services) => services.AddScoped<SummaryHandler>();
}
