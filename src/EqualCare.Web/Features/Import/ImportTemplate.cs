using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Import;

/// <summary>The downloadable template: the Chinese headers (required ones marked *) and one example row; the .xlsx
/// formats every column as text, so that Excel keeps ID numbers and leading zeros, and lists the accepted codes.</summary>
public static class ImportTemplate
{
    public const string CsvName = "流动人口导入模板.csv";
    public const string XlsxName = "流动人口导入模板.xlsx";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static string HeaderText(ImportColumn c) => c.Required ? c.Header + "*" : c.Header;

    public static byte[] Csv()
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(true)))
        using (var csv = new SafeCsv(writer))
        {
            foreach (var c in ImportColumns.All) csv.WriteField(HeaderText(c));
            csv.NextRecord();
            foreach (var c in ImportColumns.All) csv.WriteField(c.Example);
            csv.NextRecord();
        }
        return buffer.ToArray();
    }

    public static byte[] Xlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }, // "@": text
                    new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true, FontId = 1, ApplyFont = true }));
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            var data = workbook.AddNewPart<WorksheetPart>();
            var rows = new SheetData(
                Row(1, ImportColumns.All.Select(HeaderText), 2),
                Row(2, ImportColumns.All.Select(c => c.Example), 1));
            data.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = (uint)ImportColumns.All.Count, Width = 18, CustomWidth = true, Style = 1 }),
                rows);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(data), SheetId = 1, Name = "流动人口" });

            var help = workbook.AddNewPart<WorksheetPart>();
            var helpRows = new List<Row> { Row(1, ["列名", "必填", "填写说明"], 2) };
            uint n = 2;
            foreach (var c in ImportColumns.All)
                helpRows.Add(Row(n++, [c.Header, c.Required ? "是" : "", c.Accepted ?? (c.Field.Contains("Date", StringComparison.Ordinal) ? "yyyy-MM-dd" : "")], 1));
            help.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 3, Width = 30, CustomWidth = true }),
                new SheetData(helpRows));
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(help), SheetId = 2, Name = "填写说明" });
            workbook.Workbook.Save();
        }
        return buffer.ToArray();
    }

    static Row Row(uint index, IEnumerable<string> values, uint style)
    {
        var row = new Row { RowIndex = index };
        var col = 0;
        foreach (var v in values)
        {
            row.Append(new Cell
            {
                CellReference = ColumnName(col++) + index.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                StyleIndex = style,
                InlineString = new InlineString(new Text(v)),
            });
        }
        return row;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }
}
