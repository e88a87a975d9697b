using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EqualCare.Web.Features.Import;

/// <summary>
/// What an uploaded file may hold before it is read any further (issue 14, point 11: a 287 KB .xlsx unpacked to 300 MB of
/// shared strings, a 439 KB one of empty rows took 43 s). Checked from the zip directory before anything is unpacked, then
/// again while streaming (declared sizes can lie): the shared strings, the only part kept in memory, are counted as read.
/// </summary>
public sealed record ImportLimits(long MaxUnpackedBytes, long MaxSharedStringsBytes, int MaxRows, int MaxColumns, int MaxCellLength)
{
    /// <summary>A million rows of the template, with room to spare.</summary>
    public static readonly ImportLimits Default = new(4L << 30, 256L << 20, 1_100_000, 200, 4_000);

    public static ImportLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection("EqualCare:Import");
        return new ImportLimits(
            section.GetValue("MaxUnpackedMegabytes", Default.MaxUnpackedBytes >> 20) << 20,
            section.GetValue("MaxSharedStringsMegabytes", Default.MaxSharedStringsBytes >> 20) << 20,
            section.GetValue("MaxRows", Default.MaxRows),
            section.GetValue("MaxColumns", Default.MaxColumns),
            section.GetValue("MaxCellLength", Default.MaxCellLength));
    }

    internal static ImportValidator.FileProblemException Exceeded(string limit, long value) =>
        new("import.file.limit." + limit, [value.ToString(CultureInfo.InvariantCulture)]);
}

/// <summary>A row of the file: its number as the user sees it (the header is row 1) and its cells.</summary>
public readonly record struct ImportFileRow(int RowNumber, string[] Cells);

/// <summary>
/// Streams the rows of an uploaded .csv or .xlsx, one at a time: a file of a million rows is never held whole.
/// CSV: UTF-8 (with or without BOM), else GB18030 (a superset of GBK), decided by a strict UTF-8 pass over the bytes.
/// XLSX: the first worksheet, read with OpenXmlReader (SAX); the shared-string table is the only part kept in memory.
/// </summary>
public abstract class ImportFileReader : IDisposable
{
    static ImportFileReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding(54936);

    public string[] Header { get; protected set; } = [];

    /// <summary>The data rows after the header; blank rows are skipped.</summary>
    public abstract IEnumerable<ImportFileRow> Rows();

    public static bool IsSupported(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".csv" or ".xlsx";

    /// <summary>Opens the file and reads its header row; null when the file has no header.</summary>
    /// <exception cref="ImportValidator.FileProblemException">The file exceeds one of the <paramref name="limits"/>.</exception>
    public static ImportFileReader? Open(string path, string fileName, ImportLimits? limits = null)
    {
        ImportFileReader reader = Path.GetExtension(fileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? new XlsxImportReader(path, limits ?? ImportLimits.Default)
            : new CsvImportReader(path);
        if (reader.Header.Length == 0 || reader.Header.All(string.IsNullOrWhiteSpace))
        {
            reader.Dispose();
            return null;
        }
        return reader;
    }

    /// <summary>UTF-8 when the BOM says so or every byte sequence is valid UTF-8; GB18030 otherwise.</summary>
    public static Encoding DetectEncoding(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> bom = stackalloc byte[3];
        var n = stream.Read(bom);
        if (n == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) return new UTF8Encoding(false);
        stream.Position = 0;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[1 << 20];
        var chars = new char[buffer.Length + 4];
        try
        {
            // GetChars, not GetCharCount: only GetChars carries a character split across two buffers over to the next one.
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
        return new UTF8Encoding(false);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    sealed class CsvImportReader : ImportFileReader
    {
        readonly StreamReader text;
        readonly CsvParser parser;

        public CsvImportReader(string path)
        {
            var encoding = DetectEncoding(path);
            text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
            parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                BadDataFound = null,
                MissingFieldFound = null,
                TrimOptions = TrimOptions.None,
                IgnoreBlankLines = true,
            });
            if (parser.Read()) Header = parser.Record ?? [];
        }

        public override IEnumerable<ImportFileRow> Rows()
        {
            var row = 1;
            while (parser.Read())
            {
                row++;
                var cells = parser.Record;
                if (cells is null || cells.All(string.IsNullOrWhiteSpace)) continue;
                // With IgnoreBlankLines the parser's own row counter is the line the record started on.
                yield return new ImportFileRow(parser.Row, cells);
            }
        }

        protected override void Dispose(bool disposing)
        {
            parser.Dispose();
            text.Dispose();
        }
    }

    sealed class XlsxImportReader : ImportFileReader
    {
        readonly SpreadsheetDocument document;
        readonly List<string> sharedStrings = [];
        readonly OpenXmlReader reader;
        readonly ImportLimits limits;
        // Kept across the header read and the data read: rows without an r attribute (files written without one) are
        // numbered by counting, and the count must go on from the header row.
        int rowNumber;

        public XlsxImportReader(string path, ImportLimits limits)
        {
            this.limits = limits;
            CheckZipDirectory(path, limits);
            document = SpreadsheetDocument.Open(path, false);
            try
            {
                reader = Start();
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }

        /// <summary>The sizes the zip declares, before anything is unpacked.</summary>
        static void CheckZipDirectory(string path, ImportLimits limits)
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > limits.MaxUnpackedBytes) throw ImportLimits.Exceeded("unpacked", limits.MaxUnpackedBytes >> 20);
                if (entry.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase) && entry.Length > limits.MaxSharedStringsBytes)
                    throw ImportLimits.Exceeded("sharedStrings", limits.MaxSharedStringsBytes >> 20);
            }
        }

        OpenXmlReader Start()
        {
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
            long sharedChars = 0;
            if (workbook.SharedStringTablePart is { } sst)
            {
                using var ss = OpenXmlReader.Create(sst);
                // LoadCurrentElement leaves the reader on the next element already: no Read() after it.
                var more = ss.Read();
                while (more)
                {
                    if (ss.ElementType == typeof(SharedStringItem) && ss.IsStartElement)
                    {
                        var text = ((SharedStringItem)ss.LoadCurrentElement()!).InnerText;
                        // Counted as read too: the zip directory's sizes are the writer's word only.
                        sharedChars += text.Length;
                        if (sharedChars * 2 > limits.MaxSharedStringsBytes) throw ImportLimits.Exceeded("sharedStrings", limits.MaxSharedStringsBytes >> 20);
                        sharedStrings.Add(text);
                        more = !ss.EOF;
                    }
                    else more = ss.Read();
                }
            }
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
                        ?? throw new InvalidDataException("no worksheet");
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var sheetReader = OpenXmlReader.Create(part);
            foreach (var row in ReadRows(sheetReader))
            {
                Header = row.Cells;
                break;
            }
            return sheetReader;
        }

        public override IEnumerable<ImportFileRow> Rows()
        {
            foreach (var row in ReadRows(reader))
                if (!row.Cells.All(string.IsNullOrWhiteSpace)) yield return row;
        }

        IEnumerable<ImportFileRow> ReadRows(OpenXmlReader reader)
        {
            var cells = new List<string>();
            var rowsRead = 0;
            var inRow = false;
            var more = reader.Read();
            while (more)
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    inRow = true;
                    cells.Clear();
                    var r = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                    rowNumber = int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : rowNumber + 1;
                    // Empty rows count too: a sheet of nothing but rows is the slow file's trick.
                    if (++rowsRead > limits.MaxRows || rowNumber > limits.MaxRows + 1) throw ImportLimits.Exceeded("rows", limits.MaxRows);
                }
                else if (reader.ElementType == typeof(Row) && reader.IsEndElement && inRow)
                {
                    inRow = false;
                    yield return new ImportFileRow(rowNumber, cells.ToArray());
                }
                else if (inRow && reader.ElementType == typeof(Cell) && reader.IsStartElement)
                {
                    var cell = (Cell)reader.LoadCurrentElement()!;
                    var index = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    if (index >= limits.MaxColumns) throw ImportLimits.Exceeded("columns", limits.MaxColumns);
                    while (cells.Count < index) cells.Add("");
                    var value = CellText(cell);
                    if (value.Length > limits.MaxCellLength) throw ImportLimits.Exceeded("cell", limits.MaxCellLength);
                    if (index < cells.Count) cells[index] = value;
                    else cells.Add(value);
                    // LoadCurrentElement leaves the reader on the node after the cell: look at it before reading on.
                    more = !reader.EOF;
                    continue;
                }
                more = reader.Read();
            }
        }

        string CellText(Cell cell)
        {
            var type = cell.DataType?.Value;
            if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
            var raw = cell.CellValue?.Text ?? "";
            if (type == CellValues.SharedString)
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < sharedStrings.Count ? sharedStrings[i] : "";
            if (type == CellValues.Boolean) return raw == "1" ? "是" : "否";
            return raw;
        }

        /// <summary>"AB12" → 27 (zero-based column).</summary>
        static int? ColumnIndex(string? reference)
        {
            if (string.IsNullOrEmpty(reference)) return null;
            var index = 0;
            var letters = 0;
            foreach (var c in reference)
            {
                if (c is < 'A' or > 'Z') break;
                index = index * 26 + (c - 'A' + 1);
                letters++;
            }
            return letters == 0 ? null : index - 1;
        }

        protected override void Dispose(bool disposing)
        {
            reader.Dispose();
            document.Dispose();
        }
    }
}
