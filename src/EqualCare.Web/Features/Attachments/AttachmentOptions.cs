namespace EqualCare.Web.Features.Attachments;

/// <summary>The "EqualCare:Attachments" settings (docs/design.md §Attachments).</summary>
public sealed class AttachmentOptions
{
    public const string Section = "EqualCare:Attachments";

    /// <summary>Where the files are kept; empty: "attachments" beside the keys folder, in the app's data folder, outside wwwroot.</summary>
    public string? Folder { get; set; }

    /// <summary>Largest audio or video file (seed 002's 音像资料): 20 MB.</summary>
    public long MaxMediaBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest photo or document: 5 MB.</summary>
    public long MaxOtherBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>
    /// A virus scanner run on every file before it is kept, e.g. /usr/bin/clamdscan; its arguments are <see cref="ScanArguments"/>
    /// and then the file's path. Exit 0 is clean, 1 is infected (ClamAV's convention), anything else a failed scan. Empty, or a
    /// command that does not exist: no scan.
    /// </summary>
    public string? ScanCommand { get; set; }

    public string ScanArguments { get; set; } = "--no-summary";

    public static string MegaBytes(long bytes) => (bytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
