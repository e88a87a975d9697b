namespace EqualCare.Web.Data;

/// <summary>A password a user was given (its hash), kept so that a new password cannot repeat one of the last five.</summary>
public sealed class PasswordHistoryEntry
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime SetAt { get; set; }
}
