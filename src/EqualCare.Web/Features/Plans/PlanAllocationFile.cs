using System.Globalization;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Features.Export;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Plans;

/// <summary>
/// The allocation as a spreadsheet: the template (社区代码, 社区名称, then per measure its baseline column if it has one
/// and its target column, prefilled with the current numbers) and the reading of a filled-in .xlsx or .csv. A file
/// whose header differs from the template, or with any cell that is not a whole number, is refused as a whole.
/// </summary>
public static class PlanAllocationFile
{
    public const long MaxBytes = 2 * 1024 * 1024;
    public const string CodeHeader = "社区代码";
    public const string NameHeader = "社区名称";

    public static List<string> Header(IReadOnlyList<PlanMeasure> measures)
    {
        var header = new List<string> { CodeHeader, NameHeader };
        foreach (var m in measures.OrderBy(m => m.Position))
        {
            if (m.BaselineLabel is { } b) header.Add(b);
            header.Add(m.Label);
        }
        return header;
    }

    public static void WriteTemplate(Stream output, IReadOnlyList<PlanMeasure> measures, IReadOnlyList<OrgUnit> communities,
        IReadOnlyList<PlanAllocation> current)
    {
        var byKey = current.ToDictionary(a => (a.MeasureId, a.OrgCode));
        // Allocated communities first, in the table's order, so that the file reads like the page; then the others.
        var order = current.GroupBy(a => a.OrgCode).ToDictionary(g => g.Key, g => g.Min(a => a.Position));
        using var xlsx = XlsxWriter.Create(output, "任务分配表", Header(measures));
        foreach (var c in communities.OrderBy(c => order.GetValueOrDefault(c.Code, int.MaxValue)).ThenBy(c => c.Code, StringComparer.Ordinal))
        {
            var cells = new List<string?> { c.Code, c.Name };
            foreach (var m in measures.OrderBy(m => m.Position))
            {
                byKey.TryGetValue((m.Id, c.Code), out var a);
                if (m.HasBaseline) cells.Add(Text(a?.Baseline));
                cells.Add(Text(a?.Target));
            }
            xlsx.WriteRow(cells);
        }
        xlsx.Finish();
    }

    static string? Text(int? n) => n?.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the rows of an upload saved at <paramref name="path"/>; rows with no number at all are left out. An
    /// .xlsx is held to the import's <paramref name="limits"/> (issue 14, point 11): beyond one, a 400 naming it.</summary>
    public static Result<List<AllocationRow>> Read(string path, string fileName, IReadOnlyList<PlanMeasure> measures,
        ImportLimits? limits = null)
    {
        if (!ImportFileReader.IsSupported(fileName)) return Error.Validation("plans.file.type", fileName);
        try
        {
            using var reader = ImportFileReader.Open(path, fileName, limits);
            if (reader is null) return Error.Validation("plans.file.empty", fileName);
            var expected = Header(measures);
            var header = reader.Header.Select(h => h.Trim()).ToList();
            while (header.Count > expected.Count && header[^1].Length == 0) header.RemoveAt(header.Count - 1);
            if (!header.SequenceEqual(expected)) return Error.Validation("plans.file.header", string.Join("、", expected));
            var ordered = measures.OrderBy(m => m.Position).ToList();
            var rows = new List<AllocationRow>();
            foreach (var row in reader.Rows())
            {
                var cells = row.Cells;
                string Cell(int i) => i < cells.Length ? cells[i].Trim() : "";
                var targets = new List<int?>();
                var baselines = new List<int?>();
                var column = 2;
                foreach (var m in ordered)
                {
                    int? baseline = null;
                    if (m.HasBaseline)
                    {
                        if (!TryNumber(Cell(column), out baseline)) return Bad(row.RowNumber, expected[column]);
                        column++;
                    }
                    if (!TryNumber(Cell(column), out var target)) return Bad(row.RowNumber, expected[column]);
                    column++;
                    targets.Add(target);
                    baselines.Add(baseline);
                }
                if (targets.All(t => t is null) && baselines.All(b => b is null)) continue;
                if (Cell(0).Length == 0) return Error.Validation("plans.file.code", Place(row.RowNumber, CodeHeader));
                rows.Add(new AllocationRow(Cell(0), targets, baselines));
            }
            return rows.Count == 0 ? Error.Validation("plans.file.empty", fileName) : rows;
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or FileFormatException
                                      or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or CsvHelper.CsvHelperException)
        {
            return Error.Validation("plans.file.unreadable", fileName);
        }
        catch (ImportValidator.FileProblemException problem)
        {
            // The file is beyond one of the limits (import.file.limit.*): the message names the limit.
            return Error.Validation(problem.Code, string.Join("、", problem.Details));
        }
    }

    static Error Bad(int row, string column) => Error.Validation("plans.file.number", Place(row, column));

    static string Place(int row, string column) => $"{row.ToString(CultureInfo.InvariantCulture)} {column}";

    /// <summary>Blank = nothing allocated; otherwise a whole number, 0 or more (a spreadsheet may store 32 as "32.0").</summary>
    static bool TryNumber(string text, out int? value)
    {
        value = null;
        if (text.Length == 0) return true;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            || d != decimal.Truncate(d) || d > PlanHandler.MaxNumber) return false;
        value = (int)d;
        return true;
    }
}
