using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Data;

/// <summary>
/// SQL functions the persons search spells exactly as its indexes do (Migrations/*/0013_person_search.sql): an
/// expression index serves a query only when the query writes the same expression, so these map one to one.
/// </summary>
public static class PersonSearchFunctions
{
    /// <summary>PostgreSQL right(s, n): the last n characters.</summary>
    public static string? Right(string? s, int n) => throw new InvalidOperationException("SQL only");

    /// <summary>SQLite substr(s, start): with a negative start, the last -start characters.</summary>
    public static string? Substr(string? s, int start) => throw new InvalidOperationException("SQL only");

    /// <summary>PostgreSQL person_name_has(name, fragment): a 1- or 2-character fragment occurs in the name (GIN-indexed).</summary>
    public static bool NameHas(string name, string fragment) => throw new InvalidOperationException("SQL only");

    public static void Configure(ModelBuilder modelBuilder)
    {
        var type = typeof(PersonSearchFunctions);
        modelBuilder.HasDbFunction(type.GetMethod(nameof(Right))!).HasName("right").IsBuiltIn();
        modelBuilder.HasDbFunction(type.GetMethod(nameof(Substr))!).HasName("substr").IsBuiltIn();
        modelBuilder.HasDbFunction(type.GetMethod(nameof(NameHas))!).HasName("person_name_has");
    }
}
