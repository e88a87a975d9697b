using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EqualCare.Web.Features.Export;

/// <summary>
/// One-sheet .xlsx written row by row: the package is opened write-only (a streaming zip, no entry kept in memory), the
/// sheet is written with <see cref="OpenXmlWriter"/> (no DOM of the sheet) and every cell is an inline string (no
/// shared-string table growing with the rows). Memory stays flat whatever the number of rows.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    readonly Package package;
    readonly SpreadsheetDocument document;
    readonly OpenXmlWriter writer;
    readonly string sheetName;
    bool finished;

    public int RowsWritten { get; private set; }

    XlsxWriter(Stream output, string sheetName, IReadOnlyList<string> headers)
    {
        this.sheetName = sheetName;
        package = Package.Open(output, FileMode.Create, FileAccess.Write);
        document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var sheetPart = workbook.AddNewPart<WorksheetPart>("rIdSheet1");
        writer = OpenXmlWriter.Create(sheetPart);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        WriteCells(headers);
    }

    /// <summary>Starts a workbook on <paramref name="output"/> with the header row (row 1, not counted in <see cref="RowsWritten"/>).</summary>
    public static XlsxWriter Create(Stream output, string sheetName, IReadOnlyList<string> headers) => new(output, sheetName, headers);

    public void WriteRow(IEnumerable<string?> cells)
    {
        WriteCells(cells);
        RowsWritten++;
    }

    void WriteCells(IEnumerable<string?> cells)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            writer.WriteStartElement(new Cell { DataType = CellValues.InlineString });
            writer.WriteElement(new InlineString(new Text(XmlSafe(value ?? "")) { Space = SpaceProcessingModeValues.Preserve }));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    /// <summary>Closes the sheet and writes the (small) workbook part that names it.</summary>
    public void Finish()
    {
        if (finished) return;
        finished = true;
        writer.WriteEndElement(); // SheetData
        writer.WriteEndElement(); // Worksheet
        writer.Close();
        document.WorkbookPart!.Workbook = new Workbook(new Sheets(new Sheet { Id = "rIdSheet1", SheetId = 1, Name = sheetName }));
        document.WorkbookPart.Workbook.Save();
        document.Dispose();
        package.Close();
    }

    public void Dispose()
    {
        if (!finished)
        {
            writer.Dispose();
            document.Dispose();
            package.Close();
        }
    }

    /// <summary>XML 1.0 cannot carry most control characters; legacy data sometimes has them (pasted from other systems).</summary>
    static string XmlSafe(string text)
    {
        if (!text.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r')) return text;
        return new string(text.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray());
    }
}
