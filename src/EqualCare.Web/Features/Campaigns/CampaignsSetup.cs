namespace EqualCare.Web.Features.Campaigns;

public static class CampaignsSetup
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services) =>
        services.AddScoped<NominationFactsQuery>().AddScoped<CampaignHandler>().AddScoped<NominationWorkbook>();
}
