using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EqualCare.Web.Data;

/// <summary>
/// "Check, then insert" is only a courtesy: two requests can both pass the check. The unique key behind each such path is
/// what keeps one row, and the loser's save fails with a unique violation, which the path turns into the answer the check
/// would have given (docs/architecture.md, "Check, then insert").
/// </summary>
public static class UniqueKey
{
    /// <summary>SQLite's extended result code for a UNIQUE constraint (or a unique index) refusing a row.</summary>
    const int SqliteConstraintUnique = 2067;

    /// <summary>SQLite's primary-key refusal (an INTEGER PRIMARY KEY is not one of these; a TEXT one is).</summary>
    const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>Whether the save failed because a unique key (or primary key) already holds the row.</summary>
    public static bool IsViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };
}
