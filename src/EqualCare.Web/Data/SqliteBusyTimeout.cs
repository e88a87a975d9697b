using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EqualCare.Web.Data;

/// <summary>
/// The same busy timeout on the context's SQLite connections as on the plain ones (<see cref="SqlitePragmas"/>). Without
/// it a write that finds another holding SQLite's one write lock is retried by Microsoft.Data.Sqlite after a fixed 150 ms
/// sleep; with it SQLite's own handler waits in steps of 1–100 ms. Measured with the exchange bench (10,000 messages, 16
/// at a time into one SQLite installation): docs/performance.md, "Exchange between installations".
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    const string Pragma = "PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is not SqliteConnection) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
