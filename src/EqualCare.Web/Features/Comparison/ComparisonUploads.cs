using System.Text.Json;
using EqualCare.Web.Domain.Comparison;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Comparison;

/// <summary>What the upload form said about a file, kept beside it until its columns are mapped.</summary>
public sealed record UploadInfo(string Agency, AgencyListKind Kind, DateOnly ListDate, string FileName, DateTime CreatedAt);

/// <summary>
/// An agency's file between its upload and its column mapping: in the import folder, under the uploader's own folder
/// (<c>comparison-{user id}/{token}/</c>), so the import's hourly cleanup removes one left unmapped once
/// <c>EqualCare:Import:KeepHours</c> have passed; the comparison removes it as soon as the list is stored.
/// </summary>
public sealed class ComparisonUploads(ImportSettings settings)
{
    const string InfoFile = "upload.json";

    string Folder(CurrentUser user, Guid token) =>
        Path.Combine(settings.Folder, "comparison-" + user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), token.ToString("N"));

    public async Task<Guid> SaveAsync(CurrentUser user, Stream content, UploadInfo info, CancellationToken ct)
    {
        var token = Guid.NewGuid();
        var folder = Folder(user, token);
        Directory.CreateDirectory(folder);
        await using (var file = File.Create(Path.Combine(folder, "upload" + Path.GetExtension(info.FileName).ToLowerInvariant())))
            await content.CopyToAsync(file, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, InfoFile), JsonSerializer.Serialize(info), ct);
        return token;
    }

    /// <summary>The file's path and what was said about it; null when there is no such upload of this user.</summary>
    public (string Path, UploadInfo Info)? Find(CurrentUser user, Guid token)
    {
        var folder = Folder(user, token);
        var infoPath = Path.Combine(folder, InfoFile);
        if (!File.Exists(infoPath)) return null;
        var info = JsonSerializer.Deserialize<UploadInfo>(File.ReadAllText(infoPath));
        var file = Directory.EnumerateFiles(folder, "upload.*").FirstOrDefault();
        return info is null || file is null ? null : (file, info);
    }

    public void Remove(CurrentUser user, Guid token)
    {
        var folder = Folder(user, token);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
