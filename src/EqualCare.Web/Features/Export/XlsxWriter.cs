using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EqualCare.Web.Features.Export;

/// <summary>
/// One-sheet .xlsx written row by row. The zip is written in create mode (each entry streamed once, none kept in memory)
/// and the sheet with <see cref="OpenXmlWriter"/> (no DOM of the sheet); every cell is an inline string, so no
/// shared-string table grows with the rows. OpenXml's package API is not used for writing because it insists on read
/// access, which makes System.IO.Packaging buffer every part in memory. Memory stays flat whatever the number of rows.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    const string SheetPath = "xl/worksheets/sheet1.xml";
    readonly ZipArchive zip;
    readonly Stream sheetStream;
    readonly OpenXmlWriter writer;
    bool finished;

    public int RowsWritten { get; private set; }

    XlsxWriter(Stream output, string sheetName, IReadOnlyList<string> headers)
    {
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        WriteText("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        WriteText("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        WriteText("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
        using (var workbookStream = zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open())
        using (var workbookWriter = OpenXmlWriter.Create(workbookStream))
        {
            workbookWriter.WriteStartDocument(true);
            workbookWriter.WriteElement(new Workbook(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = sheetName })));
        }
        sheetStream = zip.CreateEntry(SheetPath, CompressionLevel.Fastest).Open();
        writer = OpenXmlWriter.Create(sheetStream);
        writer.WriteStartDocument(true);
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

    /// <summary>Closes the sheet and the zip; the output stream stays open.</summary>
    public void Finish()
    {
        if (finished) return;
        finished = true;
        writer.WriteEndElement(); // SheetData
        writer.WriteEndElement(); // Worksheet
        writer.Close();
        sheetStream.Dispose();
        zip.Dispose();
    }

    public void Dispose()
    {
        if (finished) return;
        finished = true;
        writer.Dispose();
        sheetStream.Dispose();
        zip.Dispose();
    }

    void WriteText(string path, string content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>XML 1.0 cannot carry most control characters; legacy data sometimes has them (pasted from other systems).</summary>
    static string XmlSafe(string text)
    {
        if (!text.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r')) return text;
        return new string(text.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray());
    }
}
