using System.Globalization;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Import;

/// <summary>
/// How long an upload may live and how a load shows it is alive (<c>EqualCare:Import:KeepHours</c>, default 24;
/// <c>EqualCare:Import:LoadLeaseSeconds</c>, default 120). An upload holds full ID numbers: it is kept only while it
/// serves its import (report, then load or discard), and never longer than <see cref="KeepFor"/> (PIPL art. 19: kept no
/// longer than the purpose needs).
/// </summary>
public sealed record ImportRetention(TimeSpan KeepFor, TimeSpan LoadLease)
{
    public static readonly ImportRetention Default = new(TimeSpan.FromHours(24), TimeSpan.FromSeconds(120));

    public static ImportRetention From(IConfiguration configuration)
    {
        var hours = configuration.GetValue<double?>("EqualCare:Import:KeepHours") ?? Default.KeepFor.TotalHours;
        var lease = configuration.GetValue<double?>("EqualCare:Import:LoadLeaseSeconds") ?? Default.LoadLease.TotalSeconds;
        if (hours <= 0 || hours > 24 * 7) throw new InvalidOperationException("EqualCare:Import:KeepHours must lie between 0 and 168.");
        if (lease < 10) throw new InvalidOperationException("EqualCare:Import:LoadLeaseSeconds must be at least 10.");
        return new ImportRetention(TimeSpan.FromHours(hours), TimeSpan.FromSeconds(lease));
    }
}

/// <summary>Where an upload stands: checked and waiting; being loaded; or its load stopped without finishing (the process died).</summary>
public enum ImportState
{
    Ready,
    Loading,
    Interrupted,
}

/// <summary>An upload still on disk, for the import page's list of unfinished imports.</summary>
public sealed record PendingImport(ImportReport Report, ImportState State);

/// <summary>
/// The lease of a load: a file in the upload's folder, created exclusively when a load starts (so one load per upload, even on a
/// double click) and renewed while it runs. A load that fails releases it; a process killed mid-load cannot, so a lease not
/// renewed for <see cref="ImportRetention.LoadLease"/> means the load was interrupted. Nothing of an interrupted load was
/// kept (the load is one transaction), and a retry skips numbers already registered, so retrying is always safe.
/// </summary>
public sealed class ImportLease : IDisposable
{
    public const string FileName = "load.lease";

    readonly string path;
    readonly TimeProvider clock;
    readonly ITimer renewal;
    bool released;

    ImportLease(string path, TimeProvider clock, TimeSpan lease)
    {
        this.path = path;
        this.clock = clock;
        var every = lease / 4;
        renewal = clock.CreateTimer(_ => Renew(), null, every, every);
    }

    /// <summary>The mode the load was started with: a retry loads the same way.</summary>
    public static ImportMode? ModeOf(string folder)
    {
        var (mode, _) = Read(Path.Combine(folder, FileName));
        return mode;
    }

    public static ImportState StateOf(string folder, DateTime nowUtc, TimeSpan lease)
    {
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file)) return ImportState.Ready;
        var (_, renewed) = Read(file);
        // A lease being written this instant has no time yet: alive.
        return renewed is { } at && nowUtc - at > lease ? ImportState.Interrupted : ImportState.Loading;
    }

    /// <summary>Takes the lease of a ready upload; null when another load holds it (or held it and was interrupted).</summary>
    public static ImportLease? TryTake(string folder, ImportMode mode, TimeProvider clock, TimeSpan lease)
    {
        var file = Path.Combine(folder, FileName);
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            using var writer = new StreamWriter(stream);
            writer.Write(Content(mode, clock.UtcNow()));
        }
        catch (IOException)
        {
            return null;
        }
        return new ImportLease(file, clock, lease);
    }

    /// <summary>
    /// Ends an interrupted load's lease so that the upload is ready again. Of two users retrying at once one wins the rename;
    /// the other finds no stale lease and is told the load is under way.
    /// </summary>
    public static bool TryBreak(string folder, DateTime nowUtc, TimeSpan lease)
    {
        if (StateOf(folder, nowUtc, lease) != ImportState.Interrupted) return false;
        var file = Path.Combine(folder, FileName);
        var broken = file + "." + Guid.NewGuid().ToString("N");
        try
        {
            File.Move(file, broken);
        }
        catch (IOException)
        {
            return false;
        }
        File.Delete(broken);
        return true;
    }

    void Renew()
    {
        if (released) return;
        try
        {
            // Open, not create: a lease broken meanwhile is not brought back.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            var (mode, _) = Read(path);
            stream.SetLength(0);
            using var writer = new StreamWriter(stream);
            writer.Write(Content(mode ?? ImportMode.Valid, clock.UtcNow()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Renewed at the next tick (a timer's callback must not throw); a lease missed for the whole LoadLease is what
            // makes a load look interrupted.
        }
    }

    /// <summary>Ends the lease: the load finished (the folder goes too) or failed (the upload is ready to load again).</summary>
    public void Dispose()
    {
        if (released) return;
        released = true;
        renewal.Dispose();
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder is being deleted as the load finished.
        }
    }

    static string Content(ImportMode mode, DateTime atUtc) =>
        mode.ToString() + "\n" + atUtc.Ticks.ToString(CultureInfo.InvariantCulture);

    static (ImportMode? Mode, DateTime? At) Read(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException)
        {
            return (null, null);
        }
        var lines = text.Split('\n');
        ImportMode? mode = Enum.TryParse<ImportMode>(lines[0], out var m) ? m : null;
        DateTime? at = lines.Length > 1 && long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTime(ticks, DateTimeKind.Utc) : null;
        return (mode, at);
    }
}

/// <summary>
/// Removes uploads whose import ended without removing them (abandoned reports, interrupted loads nobody retried, a check
/// that died midway) once they are older than <see cref="ImportRetention.KeepFor"/>. A load still renewing its lease is
/// left alone.
/// </summary>
public sealed class ImportCleanup(ImportSettings settings, ImportRetention retention, TimeProvider clock, ILogger<ImportCleanup> logger)
{
    /// <summary>Removes what has outlived its purpose; returns how many uploads were removed.</summary>
    public int RemoveExpired()
    {
        if (!Directory.Exists(settings.Folder)) return 0;
        var now = clock.UtcNow();
        var cutoff = now - retention.KeepFor;
        var removed = 0;
        foreach (var userFolder in Directory.EnumerateDirectories(settings.Folder))
        {
            foreach (var upload in Directory.EnumerateDirectories(userFolder))
            {
                if (CreatedAt(upload) >= cutoff) continue;
                if (ImportLease.StateOf(upload, now, retention.LoadLease) == ImportState.Loading) continue;
                try
                {
                    Directory.Delete(upload, recursive: true);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(e, "Could not remove expired import folder {Folder}", upload);
                }
            }
        }
        return removed;
    }

    /// <summary>When the upload was checked (its report says, by the app's clock); for a check that never finished, the folder's own time.</summary>
    static DateTime CreatedAt(string upload)
    {
        var report = Path.Combine(upload, ImportService.ReportFile);
        try
        {
            if (File.Exists(report))
            {
                using var stream = File.OpenRead(report);
                using var json = System.Text.Json.JsonDocument.Parse(stream);
                if (json.RootElement.TryGetProperty("createdAt", out var created) && created.TryGetDateTime(out var at))
                    return DateTime.SpecifyKind(at, DateTimeKind.Utc);
            }
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            // An unreadable report is no reason to keep the upload: fall back to the folder's time.
        }
        return Directory.GetLastWriteTimeUtc(upload);
    }
}

/// <summary>Runs <see cref="ImportCleanup"/> at start-up and then every hour (at most a twelfth of KeepFor), so no upload outlives KeepFor by more than that.</summary>
public sealed class ImportCleanupService(ImportCleanup cleanup, ImportRetention retention, TimeProvider clock, ILogger<ImportCleanupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, retention.KeepFor.Ticks / 12));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = cleanup.RemoveExpired();
                if (removed > 0) logger.LogInformation("Removed {Count} expired import uploads", removed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "Import upload cleanup failed");
            }
            await Task.Delay(every, clock, stoppingToken);
        }
    }
}
