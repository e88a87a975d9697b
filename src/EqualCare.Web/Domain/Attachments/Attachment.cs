namespace EqualCare.Web.Domain.Attachments;

/// <summary>One stored file's metadata (its bytes are kept under <see cref="Sha256"/>); written once.</summary>
public sealed class Attachment
{
    public long Id { get; set; }
    /// <summary>Lower-case hex SHA-256 of the content: the file's storage key.</summary>
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    public FileKind Kind { get; set; }
    /// <summary>The name as uploaded, cleaned; shown and offered on download, never used as a path.</summary>
    public required string FileName { get; set; }
    /// <summary>12-digit code of the uploader's unit: who may read it is decided by this code.</summary>
    public required string OrgCode { get; set; }
    public DateTime UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
}
