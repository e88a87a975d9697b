namespace EqualCare.Web.Features.Notices;

public static class NoticeServices
{
    public static IServiceCollection AddNotices(this IServiceCollection services) => services.AddScoped<NoticeHandler>();
}
