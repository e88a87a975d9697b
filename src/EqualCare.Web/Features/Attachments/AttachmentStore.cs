using System.Globalization;
using System.Security.Cryptography;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Attachments;

/// <summary>
/// Keeps uploaded files and gives them back (docs/design.md §Attachments). A file is checked in this order, and a refused
/// file leaves nothing behind: its size (read no further than the largest limit), its kind by its content, the limit of that
/// kind, the virus scan. A kept file lives in the data folder under its SHA-256 (the same content is kept once); its
/// metadata row is staged in the caller's unit of work, so the row, the caller's link to it and the audit commit together.
/// </summary>
public sealed class AttachmentStore(EqualCareDb db, AuditLog audit, TimeProvider clock, IVirusScanner scanner, IOptions<AttachmentOptions> options,
    IConfiguration configuration)
{
    public const string TooLargeMedia = "attachment.tooLarge.media";
    public const string TooLargeOther = "attachment.tooLarge.other";
    public const string Infected = "attachment.infected";
    public const string ScanFailed = "attachment.scanFailed";
    public const string Missing = "attachment.required";
    const int MaxName = 120;

    AttachmentOptions Options => options.Value;

    /// <summary>The folder of kept files: configured, or "attachments" beside the keys folder (the app's data folder).</summary>
    public string Folder => FolderOf(Options, configuration);

    public static string FolderOf(AttachmentOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.Folder)) return Path.GetFullPath(options.Folder);
        var keys = configuration["EqualCare:KeysFolder"] ?? Path.Combine("data", "keys");
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keys)) ?? "data", "attachments");
    }

    /// <summary>
    /// Checks and keeps one upload of <paramref name="user"/>'s unit; the returned row is added to the context, not saved.
    /// </summary>
    public async Task<Result<Attachment>> StoreAsync(CurrentUser user, Stream upload, string? fileName, CancellationToken ct)
    {
        var limit = Math.Max(Options.MaxMediaBytes, Options.MaxOtherBytes);
        using var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(buffer, ct)) > 0)
        {
            if (content.Length + read > limit) return Error.Validation(TooLargeMedia, "File");
            content.Write(buffer, 0, read);
        }
        var (kind, refusal) = FileSniffer.Sniff(content);
        if (kind is not { } k) return Error.Validation(refusal!, "File");
        if (content.Length > (FileKinds.IsMedia(k) ? Options.MaxMediaBytes : Options.MaxOtherBytes))
            return Error.Validation(FileKinds.IsMedia(k) ? TooLargeMedia : TooLargeOther, "File");

        var sha = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
        var incoming = Path.Combine(Folder, "incoming");
        Directory.CreateDirectory(incoming);
        var temp = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                content.Position = 0;
                await content.CopyToAsync(file, ct);
            }
            var verdict = await scanner.ScanAsync(temp, ct);
            if (verdict != ScanVerdict.Clean)
            {
                await audit.RecordAsync(AuditLog.Actions.Create, "attachment", null, AuditOutcome.Refused, detail: $"scan={verdict}; kind={k}",
                    userName: user.UserName, ct: ct);
                return Error.Validation(verdict == ScanVerdict.Infected ? Infected : ScanFailed, "File");
            }
            var target = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target)) File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        var row = new Attachment
        {
            Sha256 = sha, SizeBytes = content.Length, Kind = k, FileName = CleanName(fileName, k), OrgCode = user.Org.Value,
            UploadedAt = clock.UtcNow(), UploadedBy = user.UserName,
        };
        db.Set<Attachment>().Add(row);
        return row;
    }

    /// <summary>
    /// An attachment <paramref name="user"/> may read: its unit inside the user's unit (the office above reads what its units
    /// sent); the system administrator reads none. Outside scope it does not exist. The read is audited.
    /// </summary>
    public async Task<Result<(Attachment Row, Stream Content)>> OpenAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var row = await db.Set<Attachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (row is null || user.Role == Roles.SystemAdmin || !user.Org.Contains(row.OrgCode)) return Error.NotFound("attachment.notFound");
        var path = PathOf(row.Sha256);
        if (!File.Exists(path)) return Error.NotFound("attachment.notFound");
        await audit.RecordAsync(AuditLog.Actions.View, "attachment", row.Id.ToString(CultureInfo.InvariantCulture), detail: $"kind={row.Kind}", ct: ct);
        return (row, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));
    }

    /// <summary>The attachments of these ids, for lists (no content, no audit: the list itself is in the caller's scope).</summary>
    public async Task<Dictionary<long, Attachment>> RowsAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Set<Attachment>().AsNoTracking().Where(a => wanted.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
    }

    /// <summary>The message of a refusal, with the configured limit where it names one.</summary>
    public string Message(Error error, IStringLocalizer localizer) => error.Code switch
    {
        TooLargeMedia => localizer[error.Code, AttachmentOptions.MegaBytes(Options.MaxMediaBytes)],
        TooLargeOther => localizer[error.Code, AttachmentOptions.MegaBytes(Options.MaxOtherBytes)],
        _ => localizer[error.Code],
    };

    /// <summary>Two levels of folders from the hash, so that no folder grows too large: ab/cd/abcd….</summary>
    string PathOf(string sha) => Path.Combine(Folder, sha[..2], sha[2..4], sha);

    /// <summary>
    /// The name kept for display and download: the last path part, without control and path characters, at most 120
    /// characters, with the extension of the kind the content showed (a photo named .exe is offered as .jpg).
    /// </summary>
    public static string CleanName(string? name, FileKind kind)
    {
        var bare = Path.GetFileNameWithoutExtension((name ?? "").Replace('\\', '/').Split('/')[^1]);
        var clean = new string(bare.Where(c => !char.IsControl(c) && !Path.GetInvalidFileNameChars().Contains(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim();
        if (clean.Length == 0) clean = "file";
        if (clean.Length > MaxName) clean = clean[..MaxName];
        return clean + FileKinds.Extension(kind);
    }
}
