using EqualCare.Web.Domain;
using EqualCare.Web.Domain.IdNumbers;

namespace EqualCare.UnitTests.Domain;

/// <summary>GB 11643-1999 and the five checks of the legacy 身份证号码逻辑错误 list, one row per case.</summary>
public class IdNumberValidatorTests
{
    static readonly DateOnly Today = new(2026, 11, 22);

    // 110105 朝阳区 and 441581 陆丰市 are current counties; 440524 (潮阳县, GB/T 2260-1980) is historical only.
    static AreaCodeStatus Areas(string code) => code switch
    {
        "110105" or "410102" or "130503" or "411522" => AreaCodeStatus.Current,
        "440524" => AreaCodeStatus.Historical,
        _ => AreaCodeStatus.Unknown,
    };

    static IdNumberAnalysis Analyze(string? id, Sex? sex = null, DateOnly? birth = null) =>
        IdNumberValidator.Analyze(id, Today, Areas, sex, birth);

    [Theory]
    [InlineData("11010519491231002X", "1949-12-31", Sex.Female, "110105")]
    [InlineData("440524188001010014", "1880-01-01", Sex.Male, "440524")]
    public void The_published_examples_are_valid_and_yield_birth_date_sex_and_county(string id, string birth, Sex sex, string area)
    {
        var a = Analyze(id);
        Assert.True(a.IsValid);
        Assert.False(a.IsPlaceholder);
        Assert.Equal(id, a.Normalized);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), a.BirthDate);
        Assert.Equal(sex, a.Sex);
        Assert.Equal(area, a.AreaCode);
        Assert.Empty(a.Failures);
    }

    [Fact]
    public void A_lower_case_x_full_width_digits_and_spaces_are_normalised()
    {
        Assert.Equal("11010519491231002X", Analyze("11010519491231002x").Normalized);
        Assert.Equal("11010519491231002X", Analyze(" １１０１０５ １９４９１２３１００２ｘ ").Normalized);
        Assert.True(Analyze("11010519491231002x").IsValid);
    }

    [Fact]
    public void A_15_digit_number_is_upgraded_to_18_digits_with_its_check_character()
    {
        var a = Analyze("130503670401001");
        Assert.True(a.WasUpgradedFrom15);
        Assert.Equal("130503196704010016", a.Normalized);
        Assert.True(a.IsValid);
        Assert.Equal(new DateOnly(1967, 4, 1), a.BirthDate);
        Assert.Equal(Sex.Male, a.Sex);
        Assert.Equal("130503196704010016", IdNumberValidator.UpgradeFrom15("130503670401001"));
    }

    [Theory]
    [InlineData("1101051949123100", IdCheck.Format, "id.format.length")]
    [InlineData("1101051949123100211", IdCheck.Format, "id.format.length")]
    [InlineData("11010519491231002Y", IdCheck.Format, "id.format.characters")]
    [InlineData("1101051949123A002X", IdCheck.Format, "id.format.characters")]
    [InlineData("99010519491231002?", IdCheck.AreaCode, "id.area.badProvince")]
    [InlineData("11010519490230002?", IdCheck.BirthDate, "id.birth.notADate")]
    [InlineData("11010520271231002?", IdCheck.BirthDate, "id.birth.future")]
    [InlineData("11010518791231002?", IdCheck.BirthDate, "id.birth.tooOld")]
    [InlineData("110105194912310021", IdCheck.CheckCharacter, "id.check.wrong")]
    public void Each_failure_kind_is_reported_by_its_check(string id, IdCheck check, string messageKey)
    {
        // A trailing '?' stands for the right check character, so that only the named check fails.
        if (id.EndsWith('?')) id = string.Concat(id.AsSpan(0, 17), IdNumberChecksum.CheckCharacter(id.AsSpan(0, 17)).ToString());
        var a = Analyze(id);
        Assert.False(a.IsValid);
        var failure = Assert.Single(a.Failures);
        Assert.Equal(check, failure.Check);
        Assert.Equal(messageKey, failure.MessageKey);
    }

    [Fact]
    public void The_17th_digit_must_agree_with_the_entered_sex()
    {
        var a = Analyze("11010519491231002X", sex: Sex.Male);
        Assert.False(a.IsValid);
        Assert.Equal(CheckOutcome.Failed, a.Outcome(IdCheck.Sex));
        Assert.Equal("id.sex.mismatch", a.Failures.Single().MessageKey);
        Assert.Equal(CheckOutcome.Passed, Analyze("11010519491231002X", sex: Sex.Female).Outcome(IdCheck.Sex));
        Assert.Equal(CheckOutcome.NotChecked, Analyze("11010519491231002X").Outcome(IdCheck.Sex));
    }

    [Fact]
    public void The_birth_date_must_agree_with_an_entered_birth_date()
    {
        var a = Analyze("11010519491231002X", birth: new DateOnly(1949, 12, 30));
        Assert.False(a.IsValid);
        Assert.Equal("id.birth.mismatch", a.Failures.Single().MessageKey);
    }

    [Fact]
    public void An_unknown_county_of_a_real_province_is_a_warning_not_an_error()
    {
        // 410199 is no county of 郑州 in any table, but renamed and merged counties keep their old codes on ID cards.
        var first17 = "41019919850315002";
        var a = Analyze(first17 + IdNumberChecksum.CheckCharacter(first17));
        Assert.True(a.IsValid);
        Assert.Equal(CheckOutcome.Warning, a.Outcome(IdCheck.AreaCode));
    }

    [Fact]
    public void A_historical_county_passes_the_area_check()
    {
        Assert.Equal("id.area.historical", Analyze("440524188001010014").Checks.Single(c => c.Check == IdCheck.AreaCode).MessageKey);
    }

    [Theory]
    [InlineData("000000000000000000", "id.placeholder.zeros", null)]
    [InlineData("000000199801010000", "id.placeholder.childDate", "1998-01-01")]
    [InlineData("LS2026112200000042", "id.placeholder.temporary", null)]
    public void Placeholders_are_flagged_as_unknown_and_never_valid(string id, string messageKey, string? birth)
    {
        var a = Analyze(id);
        Assert.True(a.IsPlaceholder);
        Assert.False(a.IsValid);
        Assert.Equal(messageKey, a.Failures.Single().MessageKey);
        Assert.Equal(birth is null ? null : DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), a.BirthDate);
    }

    [Fact]
    public void A_temporary_number_is_recognised_as_a_placeholder()
    {
        var temporary = Placeholders.Temporary(new DateOnly(2026, 11, 22), 42);
        Assert.Equal("LS2026112200000042", temporary);
        Assert.True(Analyze(temporary).IsPlaceholder);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_entered_is_a_format_failure(string? id)
    {
        var a = Analyze(id);
        Assert.False(a.IsValid);
        Assert.Equal("id.format.length", a.Failures.Single().MessageKey);
        Assert.Null(a.Normalized);
    }

    [Fact]
    public void After_a_format_failure_the_other_checks_are_not_run()
    {
        var a = Analyze("12345");
        Assert.Equal(5, a.Checks.Count);
        Assert.All(a.Checks.Skip(1), c => Assert.Equal(CheckOutcome.NotChecked, c.Outcome));
    }
}
