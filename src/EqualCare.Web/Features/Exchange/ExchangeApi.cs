namespace EqualCare.Web.Features.Exchange;

public static class ExchangeApi
{
    public static IServiceCollection AddExchange(this IServiceCollection services)
    {
        services.AddOptions<ExchangeOptions>().BindConfiguration("EqualCare:Exchange");
        return services.AddScoped<ExchangeService>().AddScoped<ExchangeQueries>().AddScoped<ExchangeIndicators>();
    }
}
