using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Attachments;

public static class AttachmentServices
{
    /// <summary>The store, its settings and the scan hook: the command scanner when one is configured and present, else none.</summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttachmentOptions>(configuration.GetSection(AttachmentOptions.Section));
        services.AddSingleton<IVirusScanner>(sp => CommandVirusScanner.IsConfigured(sp.GetRequiredService<IOptions<AttachmentOptions>>().Value)
            ? new CommandVirusScanner(sp.GetRequiredService<IOptions<AttachmentOptions>>())
            : new NoVirusScanner());
        services.AddScoped<AttachmentStore>();
        return services;
    }
}
