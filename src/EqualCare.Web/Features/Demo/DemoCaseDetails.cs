using System.Globalization;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;

namespace EqualCare.Web.Features.Demo;

/// <summary>
/// What a worker enters on a household's cases beyond the person: the 户籍地 and 现居住地 addresses and the housing (a few
/// left blank, as on real lists), and for a married woman of childbearing age her contraceptive method and her latest
/// pregnancy. The method mix follows the national pattern of married women of childbearing age (IUD most, then
/// sterilisation, condoms, pills, implants; 中国卫生健康统计年鉴 节育措施构成); after a birth a method is taken up from six
/// weeks on (产后42天检查), and a pregnant woman or one planning a child uses none.
/// </summary>
static class DemoCaseDetails
{
    public const double AddressShare = 0.97;
    public const double PregnantShare = 0.06;
    public const double PlanningShare = 0.05;
    public const double PostpartumMethodShare = 0.85;

    static readonly WeightedChoice<ContraceptionMethod> Methods = new([
        (ContraceptionMethod.Iud, 0.50), (ContraceptionMethod.FemaleSterilisation, 0.16), (ContraceptionMethod.MaleSterilisation, 0.02),
        (ContraceptionMethod.Condom, 0.18), (ContraceptionMethod.OralPill, 0.06), (ContraceptionMethod.Implant, 0.04),
        (ContraceptionMethod.Injection, 0.01), (ContraceptionMethod.Spermicide, 0.01), (ContraceptionMethod.Other, 0.01),
        (ContraceptionMethod.None, 0.01),
    ]);

    /// <summary>After a birth: no sterilisation yet in most cases, IUD and condoms first.</summary>
    static readonly WeightedChoice<ContraceptionMethod> PostpartumMethods = new([
        (ContraceptionMethod.Iud, 0.55), (ContraceptionMethod.Condom, 0.25), (ContraceptionMethod.OralPill, 0.08),
        (ContraceptionMethod.Implant, 0.07), (ContraceptionMethod.FemaleSterilisation, 0.05),
    ]);

    static readonly WeightedChoice<HousingType> Housing = new([
        (HousingType.Rented, 0.62), (HousingType.EmployerDormitory, 0.14), (HousingType.Owned, 0.10), (HousingType.WithRelatives, 0.07),
        (HousingType.WorkSite, 0.05), (HousingType.Other, 0.02),
    ]);

    static readonly string[] Roads = ["大学路", "陇海路", "长江路", "淮河路", "政通路", "兴华街", "京广路", "航海路", "东风路", "文化路", "农业路", "丰产路"];
    static readonly string[] Towns = ["城关镇", "城郊乡", "新集镇", "李庄乡", "王店镇", "张集乡", "柳林镇", "高庙乡"];
    static readonly string[] Villages = ["前营村", "后营村", "东庄村", "西庄村", "大王村", "小李村", "河湾村", "杨楼村", "刘寨村", "孙庄村"];

    /// <param name="pregnant">The household's wife is pregnant now (the community's scripted pregnancy).</param>
    /// <param name="methodAfterBirth">The wife took up an IUD six to eight weeks after her birth (the scripted one this year):
    /// a method started here this year with its operation, which 流入地接受免费服务比例 counts.</param>
    /// <param name="suppliedMethod">The wife uses condoms (the newcomers of the script): a method the office supplies free each
    /// quarter, which 免费药具获得率 counts.</param>
    public static void Fill(Random random, DateOnly today, List<Person> household, bool pregnant, bool methodAfterBirth = false,
        bool suppliedMethod = false)
    {
        // One dwelling for the household; each person's 户籍 address in their own home village.
        var residence = string.Create(CultureInfo.InvariantCulture,
            $"{Roads[random.Next(Roads.Length)]}{random.Next(1, 300)}号院{random.Next(1, 20)}号楼{random.Next(1, 5)}单元{random.Next(1, 25)}0{random.Next(1, 5)}");
        var housing = Housing.Pick(random);
        // A household that came in the last month is often entered before its address is known (to be completed within
        // 30 days: the to-do list's 新到未完善).
        var justCame = household.Count > 0 && household.Min(p => p.ArrivalDate) > today.AddDays(-30);
        var known = random.NextDouble() < (justCame ? 0.6 : AddressShare);
        foreach (var p in household)
        {
            if (known)
            {
                p.ResidenceAddress = residence;
                p.HousingType = housing;
            }
            if (random.NextDouble() < AddressShare)
                p.HukouAddress = string.Create(CultureInfo.InvariantCulture,
                    $"{Towns[random.Next(Towns.Length)]}{Villages[random.Next(Villages.Length)]}{random.Next(1, 12)}组");
        }
        // A child's case carries a parent's number as its contact phone (联系电话), as the worker enters it.
        var parentsPhone = household.Select(p => p.Phone).FirstOrDefault(p => p is not null);
        foreach (var child in household.Where(p => p.Phone is null && (p.MotherId is not null || p.FatherId is not null)))
            child.Phone = parentsPhone;
        foreach (var woman in household)
        {
            if (woman.Sex != Sex.Female || !CaseRules.IsMarried(woman.MaritalStatus) || !CaseRules.IsChildbearingAge(woman.BirthDate, today)) continue;
            var youngest = household.Where(c => c.MotherId == woman.Id).Select(c => (DateOnly?)c.BirthDate).Max();
            Reproduction(random, today, woman, youngest, pregnant, methodAfterBirth, suppliedMethod);
        }
    }

    static void Reproduction(Random random, DateOnly today, Person woman, DateOnly? youngest, bool pregnant, bool methodAfterBirth, bool suppliedMethod)
    {
        var age = DemoPersonGenerator.AgeOn(woman.BirthDate, today);
        if (youngest is { } birth)
        {
            // The latest pregnancy on the case is the youngest child's, a term birth (LMP 280 days before, ± a week).
            woman.PregnancyLmp = birth.AddDays(-280 + random.Next(-7, 8));
            woman.PregnancyExpectedDate = woman.PregnancyLmp.Value.AddDays(280);
            woman.PregnancyOutcome = PregnancyOutcome.LiveBirth;
            woman.PregnancyOutcomeDate = birth;
        }
        var recentBirth = youngest is { } y && y > today.AddDays(-365);
        if (!recentBirth && !suppliedMethod && (pregnant || (age is >= 20 and <= 40 && random.NextDouble() < PregnantShare)))
        {
            woman.PregnancyLmp = today.AddDays(-(pregnant ? random.Next(70, 200) : random.Next(20, 266)));
            // The scripted pregnancy began this year where the year allows (10 weeks or more ago, booked): the year's
            // 在现居住地免费接受孕检率 counts the pregnancies that began in it.
            var newYear = new DateOnly(today.Year, 1, 1);
            if (pregnant && today.AddDays(-70) >= newYear)
                woman.PregnancyLmp = DateOnly.FromDayNumber(random.Next(Later(newYear, today.AddDays(-199)).DayNumber, today.AddDays(-69).DayNumber));
            woman.PregnancyExpectedDate = woman.PregnancyLmp.Value.AddDays(280);
            woman.PregnancyOutcome = null;
            woman.PregnancyOutcomeDate = null;
            woman.ContraceptionMethod = ContraceptionMethod.None;
            return;
        }
        if (recentBirth)
        {
            // From the six-week check on, most take up a method within a month; before it, none yet.
            var start = youngest!.Value.AddDays(42 + random.Next(0, methodAfterBirth ? 18 : 31));
            if (start <= today && (random.NextDouble() < PostpartumMethodShare || methodAfterBirth))
            {
                woman.ContraceptionMethod = methodAfterBirth ? ContraceptionMethod.Iud : PostpartumMethods.Pick(random);
                woman.ContraceptionStart = start;
            }
            else woman.ContraceptionMethod = ContraceptionMethod.None;
            return;
        }
        if (age <= 35 && !suppliedMethod && random.NextDouble() < PlanningShare)
        {
            woman.ContraceptionMethod = ContraceptionMethod.None; // planning a child: the pre-pregnancy check is for her
            return;
        }
        var method = suppliedMethod ? ContraceptionMethod.Condom : Methods.Pick(random);
        // Sterilisation is chosen after the children, by women past thirty; younger ones use an IUD instead.
        if (method is ContraceptionMethod.FemaleSterilisation or ContraceptionMethod.MaleSterilisation && age < 30) method = ContraceptionMethod.Iud;
        woman.ContraceptionMethod = method;
        var from = youngest is { } last ? last.AddDays(42) : Later(woman.BirthDate.AddYears(20), today.AddYears(-15));
        var until = today.AddDays(-30);
        if (method != ContraceptionMethod.None)
            woman.ContraceptionStart = from >= until ? until : DateOnly.FromDayNumber(random.Next(from.DayNumber, until.DayNumber + 1));
    }

    static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
