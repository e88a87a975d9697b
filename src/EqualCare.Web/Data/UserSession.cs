namespace EqualCare.Web.Data;

/// <summary>One sign-in of a user through the login form; the auth cookie carries its <see cref="Id"/>.</summary>
public sealed class UserSession
{
    /// <summary>Random, 128 bits: the cookie is encrypted anyway, but an id must not be guessable from another.</summary>
    public required string Id { get; set; }
    public long UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }
}
