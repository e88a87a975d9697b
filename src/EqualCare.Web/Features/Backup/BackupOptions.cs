namespace EqualCare.Web.Features.Backup;

/// <summary>The "EqualCare:Backup" section.</summary>
public sealed class BackupOptions
{
    public const string Section = "EqualCare:Backup";

    /// <summary>
    /// Folder of PostgreSQL's client programs (pg_dump, pg_restore). Empty: the newest /usr/lib/postgresql/N/bin that has
    /// them (Debian's layout, found as test.sh finds initdb), else the PATH. pg_dump must be at least the server's version.
    /// </summary>
    public string? PostgresBin { get; set; }
}

/// <summary>
/// The "EqualCare:Audit" section. The audit log is kept at least six months: 网络安全法 art. 21 (3) asks network operators
/// to keep the logs of network operation for no less than six months. The app deletes no audit row at all (the tables'
/// triggers refuse it, migration 0001), so the setting is the promise an operator's own archiving must keep: a value
/// below six stops the app at start.
/// </summary>
public sealed class AuditRetentionOptions
{
    public const string Section = "EqualCare:Audit";

    /// <summary>The legal minimum, 网络安全法 art. 21 (3).</summary>
    public const int MinimumMonths = 6;

    /// <summary>How long audit rows are kept, in months; at least <see cref="MinimumMonths"/>.</summary>
    public int RetentionMonths { get; set; } = MinimumMonths;
}

public static class BackupServices
{
    public static IServiceCollection AddBackup(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BackupOptions>(configuration.GetSection(BackupOptions.Section));
        services.AddOptions<AuditRetentionOptions>().Bind(configuration.GetSection(AuditRetentionOptions.Section))
            .Validate(o => o.RetentionMonths >= AuditRetentionOptions.MinimumMonths,
                "EqualCare:Audit:RetentionMonths must be at least 6: the audit log is kept at least six months (网络安全法 art. 21)")
            .ValidateOnStart();
        services.AddSingleton<DatabaseBackup>();
        return services;
    }
}
