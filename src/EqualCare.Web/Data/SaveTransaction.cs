using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EqualCare.Web.Data;

/// <summary>
/// A transaction a save interceptor begins for one save, so that its own work and the save commit together (the kept to-do
/// items, the kept indicator figures). EF marks a savepoint before a save's statements inside a transaction it did not
/// begin, and releases it after: two round trips of a write's 25 (bench `write`, PostgreSQL log). A savepoint serves a
/// caller who goes on in its transaction after a failed save; this one ends with the save, committed or rolled back, so the
/// save runs without one. Disposing puts the context's setting back.
/// </summary>
public sealed class SaveTransaction(DbContext db, IDbContextTransaction inner) : IDbContextTransaction
{
    public static async Task<IDbContextTransaction> BeginAsync(DbContext db, CancellationToken ct)
    {
        var inner = await db.Database.BeginTransactionAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        return new SaveTransaction(db, inner);
    }

    public static IDbContextTransaction Begin(DbContext db)
    {
        var inner = db.Database.BeginTransaction();
        db.Database.AutoSavepointsEnabled = false;
        return new SaveTransaction(db, inner);
    }

    public Guid TransactionId => inner.TransactionId;

    public void Commit() => inner.Commit();

    public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

    public void Rollback() => inner.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public void Dispose()
    {
        db.Database.AutoSavepointsEnabled = true;
        inner.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        db.Database.AutoSavepointsEnabled = true;
        return inner.DisposeAsync();
    }
}
