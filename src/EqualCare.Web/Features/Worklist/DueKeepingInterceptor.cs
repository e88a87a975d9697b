using System.Data.Common;
using System.Runtime.CompilerServices;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Features.Services;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// Every save that adds, changes or removes what a person's schedules read (her case, a service record or its void, a
/// worker's decision, a move, a 婚育证明) rewrites her kept to-do items in the same transaction (issue 15 point 1): the save
/// runs in a transaction (the caller's, or one begun here), then <see cref="DueKeeper"/> recomputes the touched persons
/// and the transaction commits with both. A failure of either rolls back both. The bulk loads (import, demo generate) do
/// not go through here: the persons they add have no kept items yet and are computed when their unit's list is first read.
/// </summary>
public sealed class DueKeepingInterceptor(IOptions<CareOptions> options, TimeProvider clock) : SaveChangesInterceptor
{
    sealed class Pending(List<object> touched, IDbContextTransaction? own)
    {
        public List<object> Touched { get; } = touched;
        public IDbContextTransaction? Own { get; } = own;
    }

    readonly ConditionalWeakTable<DbContext, Pending> pending = new();

    /// <summary>A synchronous save (test data builders) keeps the items the same way, waiting for the keeper.</summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is EqualCareDb db && !pending.TryGetValue(db, out _) && Touched(db.ChangeTracker) is { Count: > 0 } touched)
        {
            pending.AddOrUpdate(db, new Pending(touched, db.Database.CurrentTransaction is null ? SaveTransaction.Begin(db) : null));
            KeepingAsync(db, true, default).GetAwaiter().GetResult();
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    public override void SaveChangesCanceled(DbContextEventData eventData) => SaveChangesCanceledAsync(eventData).GetAwaiter().GetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EqualCareDb db && !pending.TryGetValue(db, out _) && Touched(db.ChangeTracker) is { Count: > 0 } touched)
        {
            var own = db.Database.CurrentTransaction is null ? await SaveTransaction.BeginAsync(db, cancellationToken) : null;
            pending.AddOrUpdate(db, new Pending(touched, own));
            await KeepingAsync(db, true, cancellationToken);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not EqualCareDb db || !pending.TryGetValue(db, out var work)) return result;
        pending.Remove(db);
        try
        {
            // The ids are read after the save: a new person's id, and a new record's person, are known only now.
            var ids = work.Touched.Select(PersonOf).OfType<long>().Where(id => id > 0).ToList();
            // The mark is taken off in the keeper's last round trip, not one of its own.
            await new DueKeeper(db, options, clock).KeepAsync(ids, clock.Today(), cancellationToken, KeepingSql(db, false));
            if (work.Own is not null) await work.Own.CommitAsync(cancellationToken);
        }
        finally
        {
            if (work.Own is not null) await work.Own.DisposeAsync();
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EqualCareDb db && pending.TryGetValue(db, out var work))
        {
            pending.Remove(db);
            if (work.Own is not null) await work.Own.DisposeAsync();
            else await ForgetKeepingAsync(db);
        }
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EqualCareDb db && pending.TryGetValue(db, out var work))
        {
            pending.Remove(db);
            if (work.Own is not null) await work.Own.DisposeAsync();
            else await ForgetKeepingAsync(db);
        }
    }

    /// <summary>
    /// Says to the forget triggers (migration 0020) that the writes of this transaction are kept by the app before it commits,
    /// so they do not move the forget generation on (which would make every unit's marker invalid after each save): on
    /// PostgreSQL a transaction-local setting, on SQLite a row of due_keeping for the length of the save (writers are
    /// serialised, so no other transaction ever sees it).
    /// </summary>
    static async Task KeepingAsync(EqualCareDb db, bool on, CancellationToken ct) => await db.Database.ExecuteSqlRawAsync(KeepingSql(db, on), ct);

    static string KeepingSql(EqualCareDb db, bool on) =>
        db.Database.IsNpgsql()
            ? on ? "SELECT set_config('equalcare.keeping', 'on', true)" : "SELECT set_config('equalcare.keeping', '', true)"
            : on ? "INSERT OR IGNORE INTO due_keeping (id) VALUES (1)" : "DELETE FROM due_keeping";

    /// <summary>A failed save in the caller's transaction: the mark is taken off if the transaction can still run a statement.</summary>
    static async Task ForgetKeepingAsync(EqualCareDb db)
    {
        try
        {
            await KeepingAsync(db, false, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // An aborted transaction rolls the mark back with everything else.
        }
    }

    /// <summary>The entities of this save that a person's due items are computed from.</summary>
    static List<object> Touched(ChangeTracker tracker) =>
    [
        .. tracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && PersonOf(e.Entity) is not null)
            .Select(e => e.Entity),
    ];

    static long? PersonOf(object entity) => entity switch
    {
        Person p => p.Id,
        ServiceRecord s => s.PersonId,
        CareExemption c => c.PersonId,
        Movement m => m.PersonId,
        Certificate c => c.PersonId,
        _ => null,
    };
}
