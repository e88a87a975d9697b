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
/// or leave it. Each upload lives in {folder}/{user id}/{import id}/ until it is loaded, or for a day.
/// </summary>
public sealed class ImportService(DbConnectionFactory connections, AreaCodeDirectory areas, TimeProvider clock, IStringLocalizer localizer,
    ImportSettings settings, ILogger<ImportService> logger)
{
    const string ReportFile = "report.json";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<ImportReport>> ValidateAsync(CurrentUser user, Stream content, string? fileName, CancellationToken ct,
        Action<ImportRecord>? onValid = null)
    {
        if (!user.CanWritePersons) return Error.Forbidden("import.forbidden");
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0 || !ImportFileReader.IsSupported(name)) return Error.Validation("import.file.type", "file");
        Cleanup();

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
        var claimed = Path.Combine(folder, "rows.loading");
        try
        {
            File.Move(rows, claimed); // one load per upload, even on a double click
        }
        catch (Exception e) when (e is FileNotFoundException or IOException)
        {
            return Error.Conflict("import.load.alreadyLoading");
        }
        var loader = new ImportLoader(connections);
        var loaded = await loader.LoadAsync(claimed, new ImportAudit(user.UserName, clientAddress, report.FileName, report.Rows, report.Valid,
            report.Rejected, report.AlreadyPresent, mode.ToString().ToLowerInvariant()), clock.UtcNow(), ct);
        Delete(folder);
        return report with { Loaded = loaded };
    }

    public void Discard(CurrentUser user, string id)
    {
        if (IsId(id)) Delete(FolderOf(user, id));
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
        using var handOver = new System.Collections.Concurrent.BlockingCollection<ImportRecord>(boundedCapacity: 20_000);
        var verdict = new TaskCompletionSource<ImportAudit?>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? rowsFile = null;
        var now = clock.UtcNow();
        var loading = Task.Run(() => new ImportLoader(connections).LoadWhileValidatingAsync(
            handOver.GetConsumingEnumerable(ct), user.UserName, verdict.Task, () => rowsFile!, now, ct), ct);
        Result<ImportReport> checkedFile;
        try
        {
            checkedFile = await ValidateAsync(user, content, fileName, ct, record => handOver.Add(record, ct));
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

    string FolderOf(CurrentUser user, string id) =>
        Path.Combine(settings.Folder, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), id);

    static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Uploads nobody loaded are removed after a day.</summary>
    void Cleanup()
    {
        if (!Directory.Exists(settings.Folder)) return;
        var cutoff = clock.UtcNow() - ImportSettings.KeepFor;
        foreach (var userFolder in Directory.EnumerateDirectories(settings.Folder))
            foreach (var upload in Directory.EnumerateDirectories(userFolder))
                if (Directory.GetCreationTimeUtc(upload) < cutoff) Delete(upload);
    }

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
