using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Immunisation;

/// <summary>
/// One dose of the national programme (国家免疫规划) as data. Ages count from birth with <see cref="Offset"/>, so
/// "1 month" after 2021-05-31 is 2021-06-30, as the official table means it.
/// </summary>
/// <param name="Vaccine">Stable ASCII code (<see cref="VaccineCodes"/>); given doses are matched on it.</param>
/// <param name="Dose">1-based dose number within <paramref name="Vaccine"/>.</param>
/// <param name="Name">What the lists print, e.g. "乙肝疫苗 第2剂".</param>
/// <param name="Series">
/// Doses that follow one another: the minimum interval counts from the previous dose of the series, which may be another
/// vaccine (IPV then bOPV; MPSV-A then MPSV-AC; DTaP then DT).
/// </param>
/// <param name="RecommendedAge">The age in the table. NIP 2021 说明 一(二)1: it is also the least age for that dose.</param>
/// <param name="MinimumAge">The least age at which the dose may be given, also in catch-up.</param>
/// <param name="MinimumInterval">From the previous dose of the series (zero for the first).</param>
/// <param name="CompleteBefore">
/// NIP 2021 说明 一(二)2 "建议在下述推荐的年龄之前完成": the dose is overdue from this age. Where the 说明 names only a later
/// dose of the series (e.g. "乙肝疫苗第3剂 小于12月龄"), the earlier doses take that age too.
/// </param>
/// <param name="NotGivenFrom">From this age the dose is neither given nor caught up (BCG 4 years; everything 18 years).</param>
/// <param name="LiveInjectable">An injected live vaccine: 28 days from another one not given the same day (说明 二(二)).</param>
/// <param name="Choice">Set for doses with a live and an inactivated alternative (<see cref="ImmunisationOptions"/>).</param>
/// <param name="MinimumIntervalFromFirst">A second interval counted from the first dose of the series (HepB dose 3).</param>
public sealed record VaccineDose(
    string Vaccine,
    int Dose,
    string Name,
    string Series,
    Offset RecommendedAge,
    Offset MinimumAge,
    Offset MinimumInterval,
    Offset CompleteBefore,
    Offset NotGivenFrom,
    bool LiveInjectable,
    string? Choice = null,
    Offset? MinimumIntervalFromFirst = null);

/// <summary>The stable vaccine codes of the programme (the abbreviations of the 2021 table).</summary>
public static class VaccineCodes
{
    public const string HepB = "HepB";
    public const string Bcg = "BCG";
    public const string Ipv = "IPV";
    public const string Bopv = "bOPV";
    public const string Dtap = "DTaP";
    public const string Dt = "DT";
    public const string Mmr = "MMR";
    public const string JeLive = "JE-L";
    public const string JeInactivated = "JE-I";
    public const string MenA = "MPSV-A";
    public const string MenAC = "MPSV-AC";
    public const string HepALive = "HepA-L";
    public const string HepAInactivated = "HepA-I";
}

/// <summary>The two vaccines for which the office picks the live or the inactivated product.</summary>
public static class VaccineChoices
{
    public const string JapaneseEncephalitis = "JE";
    public const string HepatitisA = "HepA";
}
