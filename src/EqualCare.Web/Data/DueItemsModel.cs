using EqualCare.Web.Domain.Schedules;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>
/// One kept to-do item of a person (migration 0016): what the schedules produced for her on
/// <see cref="KeptDuePerson.ComputedOn"/>, in her due list's order (<see cref="Ordinal"/>). The status is not kept: the list
/// derives 逾期 and "this week" from the dates and today in SQL.
/// </summary>
public sealed class KeptDueItem
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public required string CommunityCode { get; set; }
    public short Ordinal { get; set; }
    /// <summary>The list's group (Features.Worklist.WorkGroup), kept as its number.</summary>
    public short WorkGroup { get; set; }
    /// <summary>Null for the items that are not a service (certificate to renew, incomplete new arrival).</summary>
    public CareKind? Kind { get; set; }
    public string? ItemKey { get; set; }
    public required string Name { get; set; }
    public DateOnly Due { get; set; }
    public DateOnly WindowStart { get; set; }
    public DateOnly WindowEnd { get; set; }
    public required string Source { get; set; }
    /// <summary>A catch-up plan's doses as JSON (<see cref="DosePlan"/>); null for every other item.</summary>
    public string? Plan { get; set; }
}

/// <summary>The persons whose items are kept, for which day and community (a person without a row is computed on reading).</summary>
public sealed class KeptDuePerson
{
    public long PersonId { get; set; }
    public required string CommunityCode { get; set; }
    public DateOnly ComputedOn { get; set; }
    /// <summary>The keys of her place in the list for <see cref="ComputedOn"/> (migration 0020): 0 when she has a 逾期 item, else 1.</summary>
    public short Urgency { get; set; } = 1;
    /// <summary>The due date of her most urgent item; null when she has none (she is on no page).</summary>
    public DateOnly? FirstDue { get; set; }
    public int Items { get; set; }
}

public static class DueItemsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KeptDueItem>(e => e.ToTable("due_items"));
        modelBuilder.Entity<KeptDuePerson>(e =>
        {
            e.ToTable("due_kept_persons");
            e.HasKey(x => x.PersonId);
            e.Property(x => x.PersonId).ValueGeneratedNever();
        });
    }
}
