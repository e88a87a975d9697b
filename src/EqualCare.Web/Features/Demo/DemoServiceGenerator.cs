using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;

namespace EqualCare.Web.Features.Demo;

/// <summary>What the service generator needs to know of a generated person; kept per person while persons are written.</summary>
public readonly record struct DemoServicePerson(
    long Id, Sex Sex, DateOnly BirthDate, DateOnly ArrivalDate, MaritalStatus MaritalStatus, string CommunityCode)
{
    public static DemoServicePerson Of(Person p) => new(p.Id, p.Sex, p.BirthDate, p.ArrivalDate, p.MaritalStatus, p.CommunityCode);
}

/// <summary>
/// Plausible service records for synthetic persons, deterministically from a seed: most are served, not all, so the to-do
/// list has a realistic size. What a person gets follows the office's schedules (seed 001 rules, the child visits, the
/// 2021 NIP table with the live JE and HepA products Henan gives):
/// <list type="bullet">
/// <item>健康档案 for <see cref="HealthRecordShare"/> of those here six months, within two months of falling due;</item>
/// <item>预防接种档案 for most children 0–6 here three months, and their NIP doses at the recommended age plus a few days —
/// each dose given with <see cref="DoseShare"/>, a series stopping at the first dose missed (partly immunised children);</item>
/// <item>child visits since arrival, each contact done with <see cref="ChildVisitShare"/>;</item>
/// <item>康检 of married women 15–49 in the four latest quarters (the current one only partly done), and a gynaecological
/// screening in the last two years for about half of them.</item>
/// </list>
/// Maternal visits are not generated: the synthetic persons carry no pregnancy.
/// </summary>
public sealed class DemoServiceGenerator
{
    public const double HealthRecordShare = 0.75;
    public const double ImmunisationFileShare = 0.85;
    public const double DoseShare = 0.93;
    public const double ChildVisitShare = 0.8;
    public const double PastQuarterCheckupShare = 0.8;
    public const double CurrentQuarterCheckupShare = 0.4;
    public const double ScreeningShare = 0.55;
    public const string RecordedBy = "demo";

    const int OldestChild = 6;
    const int CheckupMinAge = 15;
    const int CheckupMaxAge = 49;

    readonly Random random;
    readonly DateOnly today;
    readonly DateTime recordedAt;
    readonly VaccineDose[] doses;

    public DemoServiceGenerator(int seed, DateOnly today, DateTime recordedAtUtc)
    {
        // Its own stream, derived from the seed: adding services does not change the persons of the same seed.
        random = new Random(unchecked(seed * 7919 + 104_729));
        this.today = today;
        recordedAt = recordedAtUtc;
        var nip = ImmunisationSchedule.InForce(NipSchedules.All, today)?.Doses ?? [];
        var products = ImmunisationOptions.Default;
        doses = nip.Where(d => d.Choice is null || d.Vaccine == products.JapaneseEncephalitis || d.Vaccine == products.HepatitisA)
            .OrderBy(d => d.Vaccine, StringComparer.Ordinal).ThenBy(d => d.Dose).ToArray();
    }

    /// <summary>The records of each person in turn, lazily; one person's records are in date order.</summary>
    public IEnumerable<ServiceRecord> For(IEnumerable<DemoServicePerson> persons)
    {
        var buffer = new List<ServiceRecord>(32);
        foreach (var p in persons)
        {
            buffer.Clear();
            Add(p, buffer);
            buffer.Sort((a, b) => a.ServiceDate.CompareTo(b.ServiceDate));
            foreach (var record in buffer) yield return record;
        }
    }

    void Add(DemoServicePerson p, List<ServiceRecord> records)
    {
        var age = CaseRules.AgeOn(p.BirthDate, today);
        var recordDue = p.ArrivalDate.AddMonths(6);
        if (recordDue <= today && Chance(HealthRecordShare))
        {
            var record = New(p, ServiceKind.HealthRecord, CareKind.HealthRecord, Within(recordDue, 60));
            record.RecordNumber = p.CommunityCode[..12] + (p.Id % 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            records.Add(record);
        }
        if (age <= OldestChild) AddChild(p, records);
        if (p.Sex == Sex.Female && CaseRules.IsMarried(p.MaritalStatus) && age is >= CheckupMinAge and <= CheckupMaxAge) AddWoman(p, records);
    }

    void AddChild(DemoServicePerson p, List<ServiceRecord> records)
    {
        var fileDue = p.ArrivalDate.AddMonths(3);
        if (fileDue <= today && Chance(ImmunisationFileShare))
            records.Add(New(p, ServiceKind.ImmunisationFile, CareKind.ImmunisationFile, Within(fileDue, 30)));

        string? stopped = null;
        foreach (var dose in doses)
        {
            var due = dose.RecommendedAge.From(p.BirthDate);
            if (due > today) continue;
            if (dose.Vaccine == stopped) continue;
            if (!Chance(DoseShare))
            {
                stopped = dose.Vaccine;
                continue;
            }
            var record = New(p, ServiceKind.Immunisation, CareKind.Immunisation, Within(due, 14));
            record.Vaccine = dose.Vaccine;
            record.DoseNumber = (short)dose.Dose;
            record.InjectionSite = "上臂";
            records.Add(record);
        }

        foreach (var contact in VisitSchedules.Child.Contacts)
        {
            var due = contact.Due.From(p.BirthDate);
            if (due > today || contact.WindowEnd.From(p.BirthDate) < p.ArrivalDate || !Chance(ChildVisitShare)) continue;
            records.Add(New(p, ServiceKind.ChildVisit, contact.Kind, Within(Later(due, p.ArrivalDate), 7)));
        }
    }

    void AddWoman(DemoServicePerson p, List<ServiceRecord> records)
    {
        var current = Quarter.Containing(today);
        foreach (var quarter in new[] { current.Previous.Previous.Previous, current.Previous.Previous, current.Previous, current })
        {
            if (quarter.End < p.ArrivalDate) continue;
            if (!Chance(quarter == current ? CurrentQuarterCheckupShare : PastQuarterCheckupShare)) continue;
            var from = Later(quarter.Start, p.ArrivalDate);
            var until = quarter.End < today ? quarter.End : today;
            var record = New(p, ServiceKind.WomensCheckup, CareKind.WomensCheckup, Between(from, until));
            record.Result = CheckOutcome.Normal;
            record.ReportSentToHukou = true;
            records.Add(record);
        }
        var screeningFrom = Later(today.AddMonths(-24), p.ArrivalDate);
        if (Chance(ScreeningShare))
        {
            var record = New(p, ServiceKind.GynaecologicalScreening, CareKind.GynaecologicalScreening, Between(screeningFrom, today));
            record.Result = CheckOutcome.Normal;
            records.Add(record);
        }
    }

    ServiceRecord New(DemoServicePerson p, ServiceKind kind, CareKind fulfils, DateOnly date) => new()
    {
        PersonId = p.Id,
        CommunityCode = p.CommunityCode,
        Kind = kind,
        Fulfils = fulfils,
        ServiceDate = date,
        RecordedAt = recordedAt,
        RecordedBy = RecordedBy,
    };

    bool Chance(double share) => random.NextDouble() < share;

    /// <summary>A day from <paramref name="from"/> to <paramref name="days"/> later, never after today.</summary>
    DateOnly Within(DateOnly from, int days) => Between(from, from.AddDays(days) < today ? from.AddDays(days) : today);

    DateOnly Between(DateOnly from, DateOnly until) =>
        until <= from ? from : from.AddDays(random.Next(until.DayNumber - from.DayNumber + 1));

    static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
