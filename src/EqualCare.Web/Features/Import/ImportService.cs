using EqualCare.Web.Domain;
using System.Text.Json;
using EqualCare.Web.Data;
using EqualCare.Web.Features.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Import;

public enum ImportMode
{
    /// <summary>Check and report only.</summary>
    Validate,
    /// <summary>Load every row: refused while any row is rejected.</summary>
    All,
    /// <summary>Load the valid rows, leave the rejected ones out.</summary>
    Valid,
}

/// <summary>Where uploads wait between report and confirm: <c>EqualCare:ImportFolder</c>, else "import" beside the keys folder.</summary>
public sealed record ImportSettings(string Folder)
{
    /// <summary>What an uploaded file may hold (<c>EqualCare:Import</c>).</summary>
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    /// <summary>Largest request body of every upload route (<c>EqualCare:Import:MaxUploadMegabytes</c>, default 200 MB:
    /// about 800,000 rows of the template, at about 250 bytes a row; issue 14, point 11).</summary>
    public long MaxUploadBytes { get; init; } = DefaultMaxUploadMegabytes << 20;

    public const long DefaultMaxUploadMegabytes = 200;

    public static ImportSettings From(IConfiguration configuration)
    {
        var keys = configuration["EqualCare:KeysFolder"] ?? Path.Combine("data", "keys");
        var folder = configuration["EqualCare:ImportFolder"] ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keys)) ?? "data", "import");
        return new ImportSettings(Path.GetFullPath(folder))
        {
            Limits = ImportLimits.From(configuration),
            MaxUploadBytes = configuration.GetValue("EqualCare:Import:MaxUploadMegabytes", DefaultMaxUploadMegabytes) << 20,
        };
    }
}

/// <summary>
/// The import use case for pages, API and bench: upload → one validation pass → report; then load (all / valid rows only)
/// or leave it. Each upload lives in {folder}/{user id}/{import id}/ until its import ends (loaded or discarded), and never
/// longer than <see cref="ImportRetention.KeepFor"/> (<see cref="ImportCleanup"/>). A load holds an <see cref="ImportLease"/>.
/// </summary>
public sealed class ImportService(DbConnectionFactory connections, AreaCodeDirectory areas, TimeProvider clock, IStringLocalizer localizer,
    ImportSettings settings, ILogger<ImportService> logger, ImportRetention? retention = null)
{
    public const string ReportFile = "report.json";
    readonly ImportRetention retention = retention ?? ImportRetention.Default;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<ImportReport>> ValidateAsync(CurrentUser user, Stream content, string? fileName, CancellationToken ct,
        Action<ImportRecord>? onValid = null)
    {
        if (!user.CanWritePersons) return Error.Forbidden("import.forbidden");
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0 || !ImportFileReader.IsSupported(name)) return Error.Validation("import.file.type", "file");

        var id = Guid.NewGuid().ToString("N");
        var folder = FolderOf(user, id);
        Directory.CreateDirectory(folder);
        var upload = Path.Combine(folder, "upload" + Path.GetExtension(name).ToLowerInvariant());
        await using (var target = new FileStream(upload, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            await content.CopyToAsync(target, ct);
        if (new FileInfo(upload).Length == 0)
        {
            Delete(folder);
            return Error.Validation("import.file.empty", "file");
        }

        try
        {
            var validator = new ImportValidator(connections, areas.Status, localizer) { Limits = settings.Limits };
            var report = await validator.ValidateAsync(upload, name, folder, id, user, clock.Today(), clock.UtcNow(), ct, onValid);
            await File.WriteAllBytesAsync(Path.Combine(folder, ReportFile), JsonSerializer.SerializeToUtf8Bytes(report, Json), ct);
            return report;
        }
        catch (ImportValidator.FileProblemException problem)
        {
            Delete(folder);
            return new Error(ErrorKind.Validation, problem.Code, problem.Details.Count > 0 ? string.Join("、", problem.Details) : "file");
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or FileFormatException
                                      or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            Delete(folder);
            return Error.Validation("import.file.unreadable", "file");
        }
        catch
        {
            Delete(folder);
            throw;
        }
    }

    public async Task<ImportReport?> FindAsync(CurrentUser user, string id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        var file = Path.Combine(FolderOf(user, id), ReportFile);
        if (!File.Exists(file)) return null;
        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync<ImportReport>(stream, Json, ct);
    }

    /// <summary>The rejected rows with their 错误说明, as written during validation (UTF-8 with BOM, opens in Excel).</summary>
    public string? RejectedFile(CurrentUser user, string id)
    {
        if (!IsId(id)) return null;
        var file = Path.Combine(FolderOf(user, id), ImportValidator.RejectedFile);
        return File.Exists(file) ? file : null;
    }

    public async Task<Result<ImportReport>> LoadAsync(CurrentUser user, string id, ImportMode mode, string? clientAddress, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.Forbidden("import.forbidden");
        var report = await FindAsync(user, id, ct);
        if (report is null) return Error.NotFound("import.notFound");
        if (mode == ImportMode.All && report.Rejected > 0) return Error.Conflict("import.load.hasRejected");
        if (mode == ImportMode.Validate) return report;

        var folder = FolderOf(user, id);
        var rows = Path.Combine(folder, ImportValidator.RowsFile);
        if (StateOf(folder) == ImportState.Interrupted) return Error.Conflict("import.load.interrupted");
        using (var lease = ImportLease.TryTake(folder, mode, clock, retention.LoadLease))
        {
            // One load per upload, even on a double click: the second finds the lease taken.
            if (lease is null || !File.Exists(rows)) return Error.Conflict("import.load.alreadyLoading");
            var loader = new ImportLoader(connections);
            // A load that fails ends its lease (the upload can be loaded again); a killed one leaves it to go stale.
            var loaded = await loader.LoadAsync(rows, new ImportAudit(user.UserName, clientAddress, report.FileName, report.Rows, report.Valid,
                report.Rejected, report.AlreadyPresent, mode.ToString().ToLowerInvariant()), clock.UtcNow(), ct);
            Delete(folder);
            return report with { Loaded = loaded };
        }
    }

    /// <summary>
    /// Loads again an upload whose load was interrupted (the process stopped mid-load: nothing of it was kept), the same way
    /// it was started. Refused while the upload is not interrupted.
    /// </summary>
    public async Task<Result<ImportReport>> RetryAsync(CurrentUser user, string id, string? clientAddress, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.Forbidden("import.forbidden");
        if (await FindAsync(user, id, ct) is null) return Error.NotFound("import.notFound");
        var folder = FolderOf(user, id);
        var mode = ImportLease.ModeOf(folder) ?? ImportMode.Valid;
        if (!ImportLease.TryBreak(folder, clock.UtcNow(), retention.LoadLease)) return Error.Conflict("import.load.alreadyLoading");
        return await LoadAsync(user, id, mode, clientAddress, ct);
    }

    /// <summary>Where the upload stands (ready, loading, interrupted); null when there is no such upload.</summary>
    public ImportState? StateOf(CurrentUser user, string id) =>
        IsId(id) && File.Exists(Path.Combine(FolderOf(user, id), ReportFile)) ? StateOf(FolderOf(user, id)) : null;

    ImportState StateOf(string folder) => ImportLease.StateOf(folder, clock.UtcNow(), retention.LoadLease);

    /// <summary>The user's uploads still on disk (checked, not yet loaded or discarded), newest first.</summary>
    public async Task<IReadOnlyList<PendingImport>> PendingAsync(CurrentUser user, CancellationToken ct)
    {
        var mine = Path.Combine(settings.Folder, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!user.CanWritePersons || !Directory.Exists(mine)) return [];
        var pending = new List<PendingImport>();
        foreach (var folder in Directory.EnumerateDirectories(mine))
        {
            var id = Path.GetFileName(folder);
            if (await FindAsync(user, id, ct) is { } report) pending.Add(new PendingImport(report, StateOf(folder)));
        }
        return [.. pending.OrderByDescending(p => p.Report.CreatedAt)];
    }

    /// <summary>Removes the upload and everything checked from it; refused (false) while it is being loaded.</summary>
    public bool Discard(CurrentUser user, string id)
    {
        if (!IsId(id)) return true;
        var folder = FolderOf(user, id);
        if (StateOf(folder) == ImportState.Loading) return false;
        Delete(folder);
        return true;
    }

    /// <summary>Validate and, unless <paramref name="mode"/> is Validate, load at once: the API's one-call import.</summary>
    public async Task<Result<ImportReport>> ImportAsync(CurrentUser user, Stream content, string? fileName, ImportMode mode,
        string? clientAddress, CancellationToken ct)
    {
        if (mode != ImportMode.Validate && user.CanWritePersons)
            return await ImportWhileValidatingAsync(user, content, fileName, mode, clientAddress, ct);
        var checkedFile = await ValidateAsync(user, content, fileName, ct);
        if (!checkedFile.IsSuccess) return checkedFile;
        var report = checkedFile.Value;
        if (mode == ImportMode.Validate)
        {
            Discard(user, report.Id);
            return report;
        }
        var result = await LoadAsync(user, report.Id, mode, clientAddress, ct);
        if (!result.IsSuccess) Discard(user, report.Id);
        return result;
    }

    /// <summary>
    /// One call: the rows are written while the file is still being checked (parsing and checking on one core, the
    /// database's index maintenance on the other), and the transaction commits only once the check is done and allows it
    /// (mode "all" with a rejected row rolls everything back).
    /// </summary>
    async Task<Result<ImportReport>> ImportWhileValidatingAsync(CurrentUser user, Stream content, string? fileName, ImportMode mode,
        string? clientAddress, CancellationToken ct)
    {
        // Rows go over in groups of HandOverGroup, up to 20,000 rows waiting: handed over one by one, every row took the
        // collection's lock, and when the load (the slower side) had the collection full, the check spun on its semaphore for
        // each row (about 6 % of the checking thread's CPU in a profile of 200,000 rows on SQLite).
        using var handOver = new System.Collections.Concurrent.BlockingCollection<ImportRecord[]>(boundedCapacity: 20_000 / HandOverGroup);
        var verdict = new TaskCompletionSource<ImportAudit?>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? rowsFile = null;
        var now = clock.UtcNow();
        var loading = Task.Run(() => new ImportLoader(connections).LoadWhileValidatingAsync(
            handOver.GetConsumingEnumerable(ct).SelectMany(group => group), user.UserName, verdict.Task, () => rowsFile!, now, ct), ct);
        Result<ImportReport> checkedFile;
        var group = new List<ImportRecord>(HandOverGroup);
        try
        {
            checkedFile = await ValidateAsync(user, content, fileName, ct, record =>
            {
                group.Add(record);
                if (group.Count < HandOverGroup) return;
                handOver.Add([.. group], ct);
                group.Clear();
            });
            if (group.Count > 0) handOver.Add([.. group], ct);
        }
        catch
        {
            verdict.TrySetResult(null);
            throw;
        }
        finally
        {
            handOver.CompleteAdding();
        }
        if (!checkedFile.IsSuccess || (mode == ImportMode.All && checkedFile.Value.Rejected > 0))
        {
            verdict.TrySetResult(null);
            await loading;
            if (checkedFile.IsSuccess) Discard(user, checkedFile.Value.Id);
            return checkedFile.IsSuccess ? Error.Conflict("import.load.hasRejected") : checkedFile;
        }
        var report = checkedFile.Value;
        rowsFile = Path.Combine(FolderOf(user, report.Id), ImportValidator.RowsFile);
        verdict.TrySetResult(new ImportAudit(user.UserName, clientAddress, report.FileName, report.Rows, report.Valid, report.Rejected,
            report.AlreadyPresent, mode.ToString().ToLowerInvariant()));
        var loaded = await loading;
        Discard(user, report.Id);
        return report with { Loaded = loaded };
    }

    const int HandOverGroup = 500;

    string FolderOf(CurrentUser user, string id) =>
        Path.Combine(settings.Folder, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), id);

    static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete import folder {Folder}", folder);
        }
    }
}
