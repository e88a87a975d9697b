namespace EqualCare.Web.Data;

/// <summary>A user's TOTP secret (RFC 6238), encrypted with the app's Data Protection keys.</summary>
public sealed class UserTwoFactor
{
    public long UserId { get; set; }
    public required string ProtectedSecret { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Null while the enrolment waits for its first right code.</summary>
    public DateTime? EnabledAt { get; set; }
    /// <summary>The last 30-second step a code was accepted for (RFC 6238 §5.2: a code is accepted once).</summary>
    public long LastTimeStep { get; set; }
}

/// <summary>One one-time recovery code, kept as its SHA-256 hash only.</summary>
public sealed class RecoveryCode
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string CodeHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
