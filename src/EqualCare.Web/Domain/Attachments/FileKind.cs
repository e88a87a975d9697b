namespace EqualCare.Web.Domain.Attachments;

/// <summary>
/// The kinds of file an attachment may be, as its content shows them (docs/design.md §Attachments): the photos, documents
/// and audio-video material seed 002 asks for (含有关图片、音像资料). Stored as the number.
/// </summary>
public enum FileKind : short
{
    Jpeg = 1,
    Png = 2,
    Pdf = 3,
    Docx = 4,
    Xlsx = 5,
    Mp4 = 6,
    Mp3 = 7,
    M4a = 8,
}

public static class FileKinds
{
    /// <summary>Audio and video: the large kinds, with the larger size limit.</summary>
    public static bool IsMedia(FileKind kind) => kind is FileKind.Mp4 or FileKind.Mp3 or FileKind.M4a;

    public static bool IsImage(FileKind kind) => kind is FileKind.Jpeg or FileKind.Png;

    public static string ContentType(FileKind kind) => kind switch
    {
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        FileKind.Pdf => "application/pdf",
        FileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.Mp4 => "video/mp4",
        FileKind.Mp3 => "audio/mpeg",
        FileKind.M4a => "audio/mp4",
        _ => "application/octet-stream",
    };

    public static string Extension(FileKind kind) => kind switch
    {
        FileKind.Jpeg => ".jpg",
        FileKind.Png => ".png",
        FileKind.Pdf => ".pdf",
        FileKind.Docx => ".docx",
        FileKind.Xlsx => ".xlsx",
        FileKind.Mp4 => ".mp4",
        FileKind.Mp3 => ".mp3",
        FileKind.M4a => ".m4a",
        _ => "",
    };
}
