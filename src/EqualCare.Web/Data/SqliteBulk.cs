using System.Data.Common;
using System.Globalization;

namespace EqualCare.Web.Data;

/// <summary>
/// What the SQLite bulk paths (division codes, demo persons, imports) share: prepared-command parameters, and EF Core's
/// SQLite text forms of dates and timestamps, so rows written by plain SQL read back exactly like rows EF wrote.
/// </summary>
public static class SqliteBulk
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static DbParameter AddParameter(this DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Timestamp(DateTime utc) => utc.ToString(TimestampFormat, CultureInfo.InvariantCulture);
}
