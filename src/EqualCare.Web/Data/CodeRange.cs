using System.Linq.Expressions;
using EqualCare.Web.Domain;

namespace EqualCare.Web.Data;

public static class CodeRange
{
    /// <summary>
    /// Rows whose 12-digit code lies in <paramref name="unit"/>'s subtree, as <c>code BETWEEN low AND high</c>: an index
    /// range scan on both databases (SQLite's BINARY collation and PostgreSQL's "C" collation both compare digits ordinally).
    /// </summary>
    public static IQueryable<T> WithinOrg<T>(this IQueryable<T> rows, Expression<Func<T, string>> code, OrgCode unit)
    {
        var (low, high) = unit.Range;
        var body = code.Body;
        // string.Compare is what EF translates to SQL's < and >; the SQL side is ordinal by the collations above.
#pragma warning disable CA1309
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
#pragma warning restore CA1309
        var geLow = Expression.GreaterThanOrEqual(Expression.Call(compare, body, Expression.Constant(low)), Expression.Constant(0));
        var leHigh = Expression.LessThanOrEqual(Expression.Call(compare, body, Expression.Constant(high)), Expression.Constant(0));
        return rows.Where(Expression.Lambda<Func<T, bool>>(Expression.AndAlso(geLow, leHigh), code.Parameters));
    }
}
