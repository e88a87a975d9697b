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
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var lastColumn = ColumnName(StatColumns.All.Count + 1);
            uint row = 1;
            data.Append(TextRow(row++, form.Title));
            data.Append(TextRow(row++, $"填报单位：{form.OrgName}（{form.OrgCode}）    统计期间：{StatFormLayout.Period(form)}"));
            data.Append(TextRow(row++, ["单位", .. StatColumns.All.Select(c => c.ChineseHeader)]));
            foreach (var r in StatFormLayout.Rows(form))
            {
                var cells = new List<Cell> { Text(r.Label) };
                if (r.Figures is { } figures)
                    cells.AddRange(StatColumns.All.Select(c => c.IsText ? Text(r.Remarks ?? "") : Number(c.Unit, figures.GetValueOrDefault(c.Code))));
                else
                    // A unit below that is not approved: listed with its state, no figures, not in 合计.
                    cells.Add(Text($"{StatFormLayout.StateChinese(r.State)}，不计入合计"));
                data.Append(new Row(cells) { RowIndex = row++ });
            }
            if (StatFormLayout.Unreported(form).Count > 0)
                data.Append(TextRow(row++, $"未报单位：{StatFormLayout.UnreportedLine(form)}" +
                    (form.UnreportedReason is { } reason ? $"。说明：{reason}" : "")));
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

    /// <summary>
    /// A figure in seed 002's unit: 万 units with four decimals, as the seed form prints them (2 例 → 0.0002 万例), shown with
    /// the "0.0000" number format (style 1); other units whole.
    /// </summary>
    static Cell Number(StatUnit unit, long stored)
    {
        var tenThousand = StatUnits.IsTenThousand(unit);
        var text = tenThousand ? StatUnits.Format(unit, stored) : stored.ToString(CultureInfo.InvariantCulture);
        return new Cell { DataType = CellValues.Number, CellValue = new CellValue(text), StyleIndex = tenThousand ? 1u : 0u };
    }

    static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0000" }) { Count = 1 },
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 2 });

    /// <summary>1 → A, 17 → Q.</summary>
    static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
        return name;
    }
}
