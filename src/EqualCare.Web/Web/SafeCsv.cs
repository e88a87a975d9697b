using System.Globalization;
using CsvHelper;

namespace EqualCare.Web.Web;

/// <summary>The one way the system writes a CSV file: every cell goes through <see cref="Escape"/>, so that a cell a
/// user typed (an imported name, a remark) is never run as a formula when the file is opened in Excel or WPS (OWASP,
/// "CSV Injection": prefix cells starting with = + - @ tab or carriage return with a single quote).</summary>
public sealed class SafeCsv(TextWriter writer) : IDisposable, IAsyncDisposable
{
    readonly CsvWriter csv = new(writer, CultureInfo.InvariantCulture);

    /// <summary>The cell as written: a leading = + - @ \t \r gets a single quote before it, so spreadsheets show it as text.</summary>
    public static string Escape(string? cell) =>
        string.IsNullOrEmpty(cell) ? "" : cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    public void WriteField(string? cell) => csv.WriteField(Escape(cell));

    public void NextRecord() => csv.NextRecord();

    public Task NextRecordAsync() => csv.NextRecordAsync();

    public Task FlushAsync() => csv.FlushAsync();

    public void Dispose() => csv.Dispose();

    public ValueTask DisposeAsync() => csv.DisposeAsync();
}
