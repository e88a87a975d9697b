using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Domain.Summaries;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>Attachments, activity summaries and publicity sites (migration 0029); reached through <c>db.Set&lt;T&gt;()</c>.</summary>
public static class SummariesModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Attachment>(e => e.ToTable("attachments"));
        modelBuilder.Entity<SummaryRequest>(e => e.ToTable("summary_requests"));
        modelBuilder.Entity<SummaryRequestUnit>(e => e.ToTable("summary_request_units"));
        modelBuilder.Entity<SummaryEvent>(e => e.ToTable("summary_events"));
        modelBuilder.Entity<SummaryAttachment>(e => e.ToTable("summary_attachments"));
        modelBuilder.Entity<PublicitySite>(e => e.ToTable("publicity_sites"));
        modelBuilder.Entity<ActivityAttachment>(e => e.ToTable("activity_attachments"));
    }
}
