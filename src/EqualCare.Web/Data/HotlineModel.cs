using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Domain.ServicesBoard;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>An office's hotline number or consultation room (migration 0030): a registry, edited in place, retired, never deleted.</summary>
public sealed class HotlineLine
{
    public long Id { get; set; }
    /// <summary>12-digit code of the office (community, street, district or city).</summary>
    public required string OfficeCode { get; set; }
    public LineKind Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>The number to call (a hotline); a room may have one too.</summary>
    public string? Number { get; set; }
    /// <summary>Where the room is.</summary>
    public string? Place { get; set; }
    public required string OpeningHours { get; set; }
    /// <summary>Who answers (定专人解答, seed 000): staff, shown to the office only, never published.</summary>
    public string? OnDuty { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A call or visit (migration 0030): written once; the follow-up's outcome is set once afterwards (triggers).</summary>
public sealed class HotlineContact
{
    public long Id { get; set; }
    public required string OfficeCode { get; set; }
    /// <summary>The community the contact counts for on the statistics form (column 3).</summary>
    public required string CommunityCode { get; set; }
    public long? LineId { get; set; }
    public ContactChannel Channel { get; set; }
    public DateTime ContactedAt { get; set; }
    /// <summary>The Beijing date of <see cref="ContactedAt"/>: what periods and the form count by.</summary>
    public DateOnly ContactedOn { get; set; }
    public HotlineTopic Topic { get; set; }
    public string? Question { get; set; }
    public required string Answer { get; set; }
    /// <summary>转介: to whom the person was referred.</summary>
    public string? Referral { get; set; }
    /// <summary>The day a follow-up is due, when one is needed.</summary>
    public DateOnly? FollowUpOn { get; set; }
    /// <summary>The person in scope the contact is about, when known (the link is audited as a write about her).</summary>
    public long? PersonId { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public DateTime? FollowedUpAt { get; set; }
    public string? FollowedUpBy { get; set; }
    public string? FollowUpNote { get; set; }
}

/// <summary>An item of the services board (migration 0030): published once, withdrawn once, never deleted or edited.</summary>
public sealed class BoardItem
{
    public long Id { get; set; }
    public required string OfficeCode { get; set; }
    public BoardItemKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Place { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }
}

public static class HotlineModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<HotlineLine>(e =>
        {
            e.ToTable("hotline_lines");
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<HotlineContact>(e => e.ToTable("hotline_contacts"));
        modelBuilder.Entity<BoardItem>(e => e.ToTable("board_items"));
    }
}
