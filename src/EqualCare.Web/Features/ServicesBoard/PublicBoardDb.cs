using EqualCare.Web.Data;
using EqualCare.Web.Domain.Hotline;
using EqualCare.Web.Domain.ServicesBoard;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.ServicesBoard;

/// <summary>
/// The only database the public services page reads (docs/rules.md §10.3): a read-only context whose model holds four tables
/// and, of them, only the columns a migrant may see — division names, published items, hotline numbers and rooms without
/// the person on duty, check-up days without attendance. Persons, cases, services, users and the audit log are not in its
/// model, so no query written against it can reach them (a unit test checks the model's tables and columns).
/// </summary>
public sealed class PublicBoardDb(DbContextOptions<PublicBoardDb> options) : DbContext(options)
{
    public static readonly IReadOnlyList<string> Tables = ["org_units", "board_items", "hotline_lines", "checkup_days"];

    public IQueryable<PublicUnit> Units => Set<PublicUnit>().AsNoTracking();
    public IQueryable<PublicItem> Items => Set<PublicItem>().AsNoTracking();
    public IQueryable<PublicLine> Lines => Set<PublicLine>().AsNoTracking();
    public IQueryable<PublicCheckupDay> CheckupDays => Set<PublicCheckupDay>().AsNoTracking();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) => throw new InvalidOperationException("The public board is read-only.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The public board is read-only.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PublicUnit>(e =>
        {
            e.ToTable("org_units");
            e.HasKey(x => x.Code);
        });
        modelBuilder.Entity<PublicItem>(e => e.ToTable("board_items"));
        modelBuilder.Entity<PublicLine>(e => e.ToTable("hotline_lines"));
        modelBuilder.Entity<PublicCheckupDay>(e => e.ToTable("checkup_days"));
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(EqualCareDb.SnakeCase(property.Name));
    }
}

public sealed class PublicUnit
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int Level { get; set; }
    public string? ParentCode { get; set; }
}

public sealed class PublicItem
{
    public long Id { get; set; }
    public required string OfficeCode { get; set; }
    public BoardItemKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Place { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public DateTime? WithdrawnAt { get; set; }
}

/// <summary>A hotline or room as the public sees it: no person on duty, no who-registered-it.</summary>
public sealed class PublicLine
{
    public long Id { get; set; }
    public required string OfficeCode { get; set; }
    public LineKind Kind { get; set; }
    public required string Name { get; set; }
    public string? Number { get; set; }
    public string? Place { get; set; }
    public required string OpeningHours { get; set; }
    public DateTime? RetiredAt { get; set; }
}

/// <summary>A community's 康检 day (Features/Checkups keeps them): the day and the place, nothing of who came.</summary>
public sealed class PublicCheckupDay
{
    public long Id { get; set; }
    public required string CommunityCode { get; set; }
    public DateOnly Day { get; set; }
    public string? Place { get; set; }
}
