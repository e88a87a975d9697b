using System.Text;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Services;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>One EF model for SQLite and PostgreSQL; the schema itself comes from the SQL scripts in Migrations/.</summary>
public sealed class EqualCareDb(DbContextOptions<EqualCareDb> options) : DbContext(options)
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Movement> Movements => Set<Movement>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CertificateCheck> CertificateChecks => Set<CertificateCheck>();
    public DbSet<ServiceRecord> ServiceRecords => Set<ServiceRecord>();
    public DbSet<CareExemption> CareExemptions => Set<CareExemption>();
    public DbSet<CheckupDay> CheckupDays => Set<CheckupDay>();
    public DbSet<CheckupAttendance> CheckupAttendance => Set<CheckupAttendance>();
    public DbSet<SmsMessage> SmsMessages => Set<SmsMessage>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<TargetChange> TargetChanges => Set<TargetChange>();
    public DbSet<WorkerAssignment> WorkerAssignments => Set<WorkerAssignment>();
    public DbSet<MoveRequest> MoveRequests => Set<MoveRequest>();
    public DbSet<KeptDueItem> KeptDueItems => Set<KeptDueItem>();
    public DbSet<KeptDuePerson> KeptDuePersons => Set<KeptDuePerson>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrgUnit>(e =>
        {
            e.ToTable("org_units");
            e.HasKey(x => x.Code);
        });
        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasIndex(x => x.UserName).IsUnique();
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasIndex(x => x.TokenHash).IsUnique();
        });
        modelBuilder.Entity<UserSession>(e => e.ToTable("user_sessions"));
        modelBuilder.Entity<UserTwoFactor>(e =>
        {
            e.ToTable("user_two_factor");
            e.HasKey(x => x.UserId);
        });
        modelBuilder.Entity<RecoveryCode>(e => e.ToTable("user_recovery_codes"));
        modelBuilder.Entity<PasswordHistoryEntry>(e => e.ToTable("password_history"));
        modelBuilder.Entity<Person>(e =>
        {
            e.ToTable("persons");
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.IdNumber).IsUnique();
            e.HasIndex(x => x.CommunityCode);
        });
        modelBuilder.Entity<AuditEntry>(e => e.ToTable("audit_entries"));
        modelBuilder.Entity<Movement>(e => e.ToTable("movements"));
        modelBuilder.Entity<Certificate>(e => e.ToTable("certificates"));
        modelBuilder.Entity<CertificateCheck>(e => e.ToTable("certificate_checks"));
        modelBuilder.Entity<ServiceRecord>(e =>
        {
            e.ToTable("service_records");
            e.Property(x => x.WeightKg).HasPrecision(5, 2);
            e.Property(x => x.HeightCm).HasPrecision(5, 1);
        });
        modelBuilder.Entity<CareExemption>(e => e.ToTable("care_exemptions"));
        modelBuilder.Entity<CheckupDay>(e => e.ToTable("checkup_days"));
        modelBuilder.Entity<CheckupAttendance>(e => e.ToTable("checkup_attendance"));
        modelBuilder.Entity<SmsMessage>(e => e.ToTable("sms_messages"));
        modelBuilder.Entity<MoveRequest>(e => e.ToTable("move_requests"));
        modelBuilder.Entity<SurveyResponse>(e => e.ToTable("survey_responses"));
        modelBuilder.Entity<TargetChange>(e =>
        {
            e.ToTable("indicator_targets");
            e.Property(x => x.TargetPercent).HasPrecision(5, 1);
            e.Property(x => x.AmberPercent).HasPrecision(5, 1);
        });
        modelBuilder.ApplyPlans();
        StatisticsModel.Configure(modelBuilder);
        modelBuilder.Entity<WorkerAssignment>(e => e.ToTable("worker_assignments"));
        PersonSearchFunctions.Configure(modelBuilder);
        DueItemsModel.Configure(modelBuilder);
        ExchangeModel.Configure(modelBuilder);
        CampaignModel.Configure(modelBuilder);
        SummariesModel.Configure(modelBuilder);
        HotlineModel.Configure(modelBuilder);

        // Column names are snake_case so that the hand-written SQL scripts read naturally on both databases.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
