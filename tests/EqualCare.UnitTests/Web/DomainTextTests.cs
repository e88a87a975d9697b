using System.Globalization;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;

namespace EqualCare.UnitTests.Web;

/// <summary>Every name Domain writes in Chinese has an English form without Chinese characters, and Chinese stays as it is.</summary>
public sealed class DomainTextTests
{
    /// <summary>Every Chinese name the Domain produces for pages and notices.</summary>
    public static IEnumerable<string> DomainNames()
    {
        foreach (var k in Enum.GetValues<ServiceKind>()) yield return ServiceNames.Chinese(k);
        foreach (var k in Enum.GetValues<CareKind>().Where(k => k != CareKind.Immunisation)) yield return ServiceNames.Item(k);
        foreach (var o in Enum.GetValues<Operation>()) yield return ServiceNames.Chinese(o);
        foreach (var o in Enum.GetValues<CheckOutcome>()) yield return ServiceNames.Chinese(o);
        foreach (var r in Enum.GetValues<ExemptionReason>()) yield return r.Chinese();
        foreach (var r in Enum.GetValues<AbsenceReason>()) yield return r.Chinese();
        foreach (var a in Enum.GetValues<ActivityKind>()) yield return ActivityKinds.Chinese(a);
        foreach (var u in Enum.GetValues<StatUnit>().Where(u => StatUnits.Chinese(u).Length > 0))
        {
            yield return StatUnits.Chinese(u);
            yield return StatUnits.BaseChinese(u);
        }
        foreach (var dose in NipSchedules.All.SelectMany(s => s.Doses)) yield return dose.Name;
        foreach (var schedule in VisitSchedules.All)
        {
            yield return schedule.Name;
            foreach (var c in schedule.Contacts) yield return c.Name;
        }
        yield return "需先做TB-PPD或BCG-PPD试验，阴性者补种"; // CatchUpRules.NegativePpdFirst (internal)
        foreach (var type in Enum.GetValues<PeriodType>()) yield return Period.Containing(type, new DateOnly(2026, 5, 14)).ChineseLabel;
    }

    public static TheoryData<string> Names() => new(DomainNames().Distinct());

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_domain_name_has_an_english_form_without_chinese_characters(string chinese)
    {
        var english = DomainText.ToEnglish(chinese);
        Assert.False(DomainText.HasCjk(english), $"{chinese} → {english}");
    }

    [Theory]
    [InlineData("2026年第2季度", "2026 Q2")]
    [InlineData("2026年11月", "Nov 2026")]
    [InlineData("2026年", "2026")]
    [InlineData("2026统计年度", "statistical year 2026")]
    [InlineData("乙肝疫苗 第1剂", "HepB dose 1")]
    [InlineData("A群C群流脑多糖疫苗 第2剂", "MPSV-AC dose 2")]
    [InlineData("康检（查环查孕查病）（补检）", "Women's check-up (IUD, pregnancy, disease) (catch-up check)")]
    [InlineData("新到未完善：联系电话、避孕措施", "New arrival, incomplete: phone, contraception")]
    [InlineData("3月龄", "3 months")]
    [InlineData("第4次产前随访", "antenatal visit 4")]
    [InlineData("补种：乙肝疫苗 第2剂 6月1日、卡介苗 第1剂（需先做TB-PPD或BCG-PPD试验，阴性者补种） 6月1日；已过补种年龄不再补种：百白破疫苗 第1剂",
        "Catch-up: HepB dose 2 1 Jun, BCG dose 1 (TB-PPD or BCG-PPD test first; catch up if negative) 1 Jun; past the catch-up age, not given: DTaP dose 1")]
    [InlineData("补种：A群C群流脑多糖疫苗 第2剂 2029年5月15日", "Catch-up: MPSV-AC dose 2 15 May 2029")]
    [InlineData("现孕", "Pregnant")]
    [InlineData("祥和社区", "祥和社区")] // data, not a system name: left as it is
    [InlineData("HepB", "HepB")]
    public void Names_periods_and_composed_items_read_in_english(string chinese, string english) =>
        Assert.Equal(english, DomainText.ToEnglish(chinese));

    [Fact]
    public void A_chinese_interface_gets_the_text_unchanged_and_an_english_one_the_translation()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("2026年第2季度", DomainText.Of("2026年第2季度"));
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("2026 Q2", DomainText.Of("2026年第2季度"));
            Assert.Equal("", DomainText.Of(null));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
