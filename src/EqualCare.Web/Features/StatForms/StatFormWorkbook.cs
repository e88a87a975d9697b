using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.Web.Domain.Statistics;

namespace EqualCare.Web.Features.StatForms;

/// <summary>
/// The form as an .xlsx in its printed layout (title, 填报单位, header row with units, rows, signatures), figures as numbers in
/// the form's unit so that the office can add them up in a spreadsheet. A form is a handful of rows, so the workbook is
/// built in memory with OpenXml's document model (the streaming <see cref="Export.XlsxWriter"/> is for long lists).
/// </summary>
public sealed class StatFormWorkbook
{
    public byte[] Write(StatFormView form)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var lastColumn = ColumnName(StatColumns.All.Count + 1);
            uint row = 1;
            data.Append(TextRow(row++, StatFormLayout.Title));
            data.Append(TextRow(row++, $"填报单位：{form.OrgName}（{form.OrgCode}）    统计期间：{StatFormLayout.Period(form)}"));
            data.Append(TextRow(row++, ["单位", .. StatColumns.All.Select(c => c.ChineseHeader)]));
            foreach (var r in StatFormLayout.Rows(form))
            {
                var cells = new List<Cell> { Text(r.Label) };
                cells.AddRange(StatColumns.All.Select(c => c.IsText ? Text(r.Remarks ?? "") : Number(StatUnits.ToFormUnit(c.Unit, r.Figures.GetValueOrDefault(c.Code)))));
                data.Append(new Row(cells) { RowIndex = row++ });
            }
            data.Append(TextRow(row, $"负责人：{form.Head}    填表人：{form.Preparer}    填表日期：{StatFormLayout.FilledOn(form)}"));

            var columns = new Columns(new Column { Min = 1, Max = 1, Width = 16, CustomWidth = true },
                new Column { Min = 2, Max = (uint)StatColumns.All.Count + 1, Width = 13, CustomWidth = true });
            var merges = new MergeCells(new MergeCell { Reference = $"A1:{lastColumn}1" }, new MergeCell { Reference = $"A2:{lastColumn}2" },
                new MergeCell { Reference = $"A{row}:{lastColumn}{row}" });
            sheetPart.Worksheet = new Worksheet(
                new SheetProperties(new PageSetupProperties { FitToPage = true }),
                columns, data, merges,
                new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 },
                new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "统计表",
            }));
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    static Row TextRow(uint index, params IEnumerable<string> texts) => new(texts.Select(Text)) { RowIndex = index };

    static Cell Text(string text) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    static Cell Number(decimal value) => new() { DataType = CellValues.Number, CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)) };

    /// <summary>1 → A, 17 → Q.</summary>
    static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
        return name;
    }
}
