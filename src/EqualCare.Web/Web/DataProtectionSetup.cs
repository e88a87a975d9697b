using Microsoft.AspNetCore.DataProtection;

namespace EqualCare.Web.Web;

public static class DataProtectionSetup
{
    /// <summary>Keys that protect cookies and antiforgery tokens live in the data folder, so sessions survive a restart.</summary>
    public static IServiceCollection AddEqualCareDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var folder = configuration["EqualCare:KeysFolder"] ?? Path.Combine("data", "keys");
        services.AddDataProtection().SetApplicationName("EqualCare").PersistKeysToFileSystem(Directory.CreateDirectory(folder));
        return services;
    }
}
