using EqualCare.Web.Domain.Statistics;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>The activity log and statistics form tables (migration 0006); reached through <c>db.Set&lt;T&gt;()</c>.</summary>
public static class StatisticsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityEntry>(e => e.ToTable("activity_entries"));
        modelBuilder.Entity<ActivityQuantity>(e => e.ToTable("activity_quantities"));
        modelBuilder.Entity<StatForm>(e =>
        {
            e.ToTable("stat_forms");
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<StatFormCell>(e => e.ToTable("stat_form_cells"));
        modelBuilder.Entity<StatFormEvent>(e => e.ToTable("stat_form_events"));
    }
}
