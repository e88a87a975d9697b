using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Campaigns;

/// <summary>
/// Seed 000 附件2 as an .xlsx laid out as the paper form: the title, then three rows of label/value pairs (姓名 性别 出生年月;
/// 户籍地 身份证号 职业; 婚姻状况 避孕措施类型 《婚育证明》编号), 现居住地具体地址 and 主要事迹 across the row, and the two opinions side by
/// side with 主要领导签字 and the date, on one A4 page. A form is a few cells, so the workbook is built in memory with
/// OpenXml's document model, as the statistics form's is. Labels and values are Chinese whatever the user's language.
/// </summary>
public sealed class NominationWorkbook(JsonStringLocalizerFactory strings)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A UI-string key in Chinese (the form's enumerations: 性别, 婚姻状况, 避孕措施).</summary>
    public string Text(string key) => strings.Table(JsonStringLocalizerFactory.DefaultCulture).GetValueOrDefault(key, "");

    public byte[] Write(NominationForm f)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var street = f.StreetDate?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "年　月　日";
            var data = new SheetData(
                Row(1, "“优秀外来务工女性”推荐选拔表"),
                Row(2, "姓 名", f.Name, "性 别", Text(f.Sex), "出生年月", f.BirthMonth),
                Row(3, "户籍地", f.Hukou, "身份证号", f.IdNumber, "职业", f.Occupation),
                Row(4, "婚姻状况（未婚、已婚）", Text(f.Marital), "采取的避孕措施类型（已婚填写）", f.Contraception is { } c ? Text(c) : "",
                    "《婚育证明》编号", f.CertificateNumber),
                Row(5, "现居住地具体地址", f.ResidenceAddress),
                Row(6, "主要事迹", f.Deeds),
                Row(7, $"社区审核上报意见：（盖章）\n{f.CommunityOpinion}\n审核人：{f.CommunityReviewer}", null, null,
                    $"办事处审核意见：（盖章）\n{f.StreetOpinion}\n审核人：{f.StreetReviewer}"),
                Row(8, "主要领导签字：", null, null, "主要领导签字："),
                Row(9, f.CommunityDate.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), null, null, street));
            // 主要事迹 and the opinions get room for their text, as the paper form leaves it.
            foreach (var row in data.Elements<Row>().Where(r => r.RowIndex! == 6 || r.RowIndex! == 7))
            {
                row.Height = row.RowIndex! == 6 ? 160 : 90;
                row.CustomHeight = true;
            }
            var merges = new MergeCells(
                new MergeCell { Reference = "A1:F1" }, new MergeCell { Reference = "B5:F5" }, new MergeCell { Reference = "B6:F6" },
                new MergeCell { Reference = "A7:C7" }, new MergeCell { Reference = "D7:F7" }, new MergeCell { Reference = "A8:C8" },
                new MergeCell { Reference = "D8:F8" }, new MergeCell { Reference = "A9:C9" }, new MergeCell { Reference = "D9:F9" });
            sheetPart.Worksheet = new Worksheet(
                new SheetProperties(new PageSetupProperties { FitToPage = true }),
                new Columns(new Column { Min = 1, Max = 6, Width = 18, CustomWidth = true }),
                data, merges,
                new PageMargins { Left = 0.6, Right = 0.6, Top = 0.8, Bottom = 0.8, Header = 0.3, Footer = 0.3 },
                new PageSetup { PaperSize = 9, Orientation = OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 1 });
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "推荐选拔表" }));
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    static Row Row(uint index, params string?[] texts) =>
        new(texts.Select((t, i) => new Cell
        {
            CellReference = $"{(char)('A' + i)}{index}", DataType = CellValues.InlineString,
            InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(t ?? "") { Space = SpaceProcessingModeValues.Preserve }),
            StyleIndex = index == 1 ? 0u : 1u,
        })) { RowIndex = index };

    /// <summary>Style 1: thin borders and wrapped text, as the form's boxes.</summary>
    static Stylesheet Styles() => new(
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(), new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder())) { Count = 2 },
        new CellFormats(new CellFormat(), new CellFormat
        {
            BorderId = 1, ApplyBorder = true, ApplyAlignment = true,
            Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top },
        }) { Count = 2 });
}
