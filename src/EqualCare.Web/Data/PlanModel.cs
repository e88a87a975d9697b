using EqualCare.Web.Domain.Plans;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>The plan tables (0005_plans.sql) in the EF model; the code reaches them through <c>db.Set&lt;T&gt;()</c>.</summary>
public static class PlanModel
{
    public static ModelBuilder ApplyPlans(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Plan>(e =>
        {
            e.ToTable("plans");
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<PlanMeasure>(e => e.ToTable("plan_measures"));
        modelBuilder.Entity<PlanAllocation>(e => e.ToTable("plan_allocations"));
        modelBuilder.Entity<PlanProgressEntry>(e => e.ToTable("plan_progress_entries"));
        modelBuilder.Entity<PlanSnapshot>(e => e.ToTable("plan_snapshots"));
        return modelBuilder;
    }
}
