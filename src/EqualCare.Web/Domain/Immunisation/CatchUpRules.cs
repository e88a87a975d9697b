using EqualCare.Web.Domain.Schedules;
using static EqualCare.Web.Domain.Schedules.Offset;

namespace EqualCare.Web.Domain.Immunisation;

/// <summary>
/// One place of a series for one child: a table dose, the day it was given if it was, and whether it stands in for a dose
/// of another vaccine under the 补种 rules (白破 for 百白破, A群C群 for A群 流脑).
/// </summary>
internal sealed record SeriesSlot(VaccineDose Dose, DateOnly? GivenOn, bool Substitute = false);

/// <summary>
/// The vaccine-specific catch-up rules of the 2021 说明 (三, "补种原则") that change which doses a child needs, not only
/// when. Everything else is the general rule in <see cref="ImmunisationDue"/>: complete the missing doses, never restart.
/// </summary>
internal static class CatchUpRules
{
    /// <summary>说明 三(二)3: BCG "3月龄～3岁儿童对结核菌素纯蛋白衍生物（TB-PPD）或卡介菌蛋白衍生物（BCG-PPD）试验阴性者，应予补种".</summary>
    public const string NegativePpdFirst = "需先做TB-PPD或BCG-PPD试验，阴性者补种";

    private static readonly Offset BcgDirectUntil = OfMonths(3);

    /// <summary>说明 三(七)2: from 24 months MPSV-A is no longer given and MPSV-AC takes its place.</summary>
    private static readonly Offset MenAUntil = OfMonths(24);

    /// <summary>
    /// The slots of one series for this child. Given doses fill the table's doses of the same vaccine in order of date:
    /// only the count matters, so a card that numbers doses differently still completes the right ones.
    /// </summary>
    public static IReadOnlyList<SeriesSlot> For(IReadOnlyList<VaccineDose> series, DateOnly birth, DateOnly today, IReadOnlyCollection<GivenDose> given) =>
        series[0].Series switch
        {
            "DTP" when today >= DtapGivenUntil(series).From(birth)
                => DiphtheriaTetanusAfterDtapAge(series, given),
            "Men" when today >= MenAUntil.From(birth) && Count(given, VaccineCodes.MenA) < 2 && Count(given, VaccineCodes.MenAC) == 0
                => MenACInsteadOfMenA(series, given),
            _ => Matched(series, given),
        };

    /// <summary>BCG from 3 months is given only after a negative PPD test; from 4 years not at all (the dose's NotGivenFrom).</summary>
    public static string? PreconditionFor(VaccineDose dose, DateOnly birth, DateOnly givenOn) =>
        dose.Vaccine == VaccineCodes.Bcg && givenOn >= BcgDirectUntil.From(birth) ? NegativePpdFirst : null;

    private static List<SeriesSlot> Matched(IReadOnlyList<VaccineDose> doses, IReadOnlyCollection<GivenDose> given)
    {
        // In table order, the n-th row of a vaccine takes the n-th date that vaccine was given (one pass: this runs for
        // every child of a district's list).
        var dates = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new List<SeriesSlot>(doses.Count);
        foreach (var dose in doses)
        {
            if (!dates.TryGetValue(dose.Vaccine, out var ofVaccine)) dates[dose.Vaccine] = ofVaccine = DatesOf(given, dose.Vaccine);
            var n = taken.GetValueOrDefault(dose.Vaccine);
            taken[dose.Vaccine] = n + 1;
            slots.Add(new SeriesSlot(dose, n < ofVaccine.Count ? ofVaccine[n] : null));
        }
        return slots;
    }

    /// <summary>
    /// 说明 三(四)3 (2021), for a child past the age DTaP is given (6 years; 7 from 2025 ⚠ by the same reading):
    /// DTaP and DT together fewer than 3 → DT up to 3 doses, 1st→2nd 1–2 months, 2nd→3rd 6–12 months apart (the least taken);
    /// 3 or more with at least one DT → nothing; only 3 DTaP → one DT ≥6 months after the 3rd; 4 DTaP and no DT → one DT
    /// ≥12 months after the 4th. (≥12 years the adult/adolescent DT product is used: same code, same rule.)
    /// </summary>
    private static List<SeriesSlot> DiphtheriaTetanusAfterDtapAge(IReadOnlyList<VaccineDose> series, IReadOnlyCollection<GivenDose> given)
    {
        var dtapRows = series.Where(d => d.Vaccine == VaccineCodes.Dtap).ToList();
        var fromAge = DtapGivenUntil(series);
        var dtap = DatesOf(given, VaccineCodes.Dtap);
        var dt = DatesOf(given, VaccineCodes.Dt);
        var slots = dtap.Select((date, i) => new SeriesSlot(dtapRows[Math.Min(i, dtapRows.Count - 1)], date))
            .Concat(dt.Select((date, i) => new SeriesSlot(DtDose(i + 1, fromAge, default), date)))
            .OrderBy(s => s.GivenOn).ToList();

        var total = dtap.Count + dt.Count;
        if (total < 3)
        {
            for (var place = total + 1; place <= 3; place++)
                slots.Add(new(DtDose(dt.Count + place - total, fromAge, place switch { 1 => default, 2 => OfMonths(1), _ => OfMonths(6) }), null, true));
        }
        else if (dt.Count == 0 && dtap.Count == 3)
        {
            slots.Add(new(DtDose(1, fromAge, OfMonths(6)), null, true));
        }
        else if (dt.Count == 0 && (dtap.Count < dtapRows.Count || series.Any(d => d.Vaccine == VaccineCodes.Dt)))
        {
            // The 2021 routine 6-year dose, or (2025) the DTaP 5 a child of 7 no longer gets.
            var routine = series.FirstOrDefault(d => d.Vaccine == VaccineCodes.Dt);
            slots.Add(new(routine ?? DtDose(1, fromAge, OfMonths(12)), null, routine is null));
        }
        return slots;
    }

    /// <summary>
    /// 说明 三(七)2: "≥24月龄儿童不再补种或接种MPSV-A，仍需完成两剂次MPSV-AC"; with no MPSV-A "可在3周岁前尽早接种MPSV-AC",
    /// with one "间隔≥3个月尽早接种MPSV-AC". Read as: the first MPSV-AC is due now (from 24 months), not at 3 years.
    /// </summary>
    private static List<SeriesSlot> MenACInsteadOfMenA(IReadOnlyList<VaccineDose> series, IReadOnlyCollection<GivenDose> given)
    {
        var menA = series.Where(d => d.Vaccine == VaccineCodes.MenA).ToList();
        var menAC = series.Where(d => d.Vaccine == VaccineCodes.MenAC).ToList();
        var menADates = DatesOf(given, VaccineCodes.MenA);
        var first = menAC[0] with
        {
            RecommendedAge = MenAUntil, MinimumAge = MenAUntil, MinimumInterval = menADates.Count == 1 ? OfMonths(3) : default,
        };
        return
        [
            .. menADates.Select((date, i) => new SeriesSlot(menA[i], date)),
            new(first, null, true),
            .. menAC.Skip(1).Select(d => new SeriesSlot(d, null)),
        ];
    }

    /// <summary>The age from which the edition gives DT instead of DTaP: 6 years in 2021, 7 from 2025 (the DTaP rows' limit).</summary>
    private static Offset DtapGivenUntil(IReadOnlyList<VaccineDose> series) => series.Last(d => d.Vaccine == VaccineCodes.Dtap).NotGivenFrom;

    private static VaccineDose DtDose(int dose, Offset fromAge, Offset interval) =>
        new(VaccineCodes.Dt, dose, $"白破疫苗 第{dose}剂", "DTP", fromAge, fromAge, interval,
            CompleteBefore: OfYears(7), NotGivenFrom: NipSchedules.ProgrammeEndAge, LiveInjectable: false);

    private static List<DateOnly> DatesOf(IReadOnlyCollection<GivenDose> given, string vaccine) =>
        [.. given.Where(g => g.Vaccine == vaccine).Select(g => g.Date).Order()];

    private static int Count(IReadOnlyCollection<GivenDose> given, string vaccine) => given.Count(g => g.Vaccine == vaccine);

}
