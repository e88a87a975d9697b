using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;

namespace EqualCare.Web.Features.Demo;

/// <summary>What the service generator needs to know of a generated person; kept per person while persons are written.</summary>
public readonly record struct DemoServicePerson(
    long Id, Sex Sex, DateOnly BirthDate, DateOnly ArrivalDate, MaritalStatus MaritalStatus, string CommunityCode,
    ContraceptionMethod? Contraception = null, DateOnly? ContraceptionStart = null, DateOnly? PregnancyLmp = null,
    PregnancyOutcome? PregnancyOutcome = null, DateOnly? PregnancyOutcomeDate = null)
{
    public static DemoServicePerson Of(Person p) => new(p.Id, p.Sex, p.BirthDate, p.ArrivalDate, p.MaritalStatus, p.CommunityCode,
        p.ContraceptionMethod, p.ContraceptionStart, p.PregnancyLmp, p.PregnancyOutcome, p.PregnancyOutcomeDate);
}

/// <summary>A 婚育证明 recorded here and, for most, its check (现居住地查验).</summary>
public sealed record DemoCertificate(Certificate Certificate, CertificateCheck? Check);

/// <summary>A woman listed for her community's 康检 day: came, or absent with the reason she gave.</summary>
public readonly record struct DemoAttendance(string CommunityCode, DateOnly Day, long PersonId, bool Attended, AbsenceReason? Reason);

/// <summary>One answer to the satisfaction survey (政策知晓, 满意).</summary>
public readonly record struct DemoSurveyAnswer(long PersonId, string CommunityCode, DateOnly AnsweredOn, bool PolicyKnown, bool Satisfied);

/// <summary>
/// Plausible service records for synthetic persons, deterministically from a seed, as a working office keeps them: most
/// people are served on time, a few percent late, and what was missed is caught up within months (<see cref="CaughtUp"/>),
/// so the to-do list is mostly what falls due now and the overdue items are the latest misses, not years of backlog. What
/// a person gets follows the office's schedules (seed 001 rules, the child and maternal visits, each NIP dose from the
/// edition in force on the day it fell due, with the live JE and HepA products Henan gives):
/// <list type="bullet">
/// <item>健康档案 for <see cref="HealthRecordShare"/> of those here six months, within a month of falling due;</item>
/// <item>预防接种档案 for most children 0–6 here three months, and the NIP doses of every child under 18 at the recommended age
/// plus a few days —
/// <see cref="LateDoseShare"/> a month or more late, <see cref="MissedDoseShare"/> missed and caught up later;</item>
/// <item>child visits since arrival, each contact done with <see cref="ChildVisitShare"/>;</item>
/// <item>the antenatal visits of a pregnancy (booking before week 13 for most, visits 2–5 in their weeks), the postpartum
/// visit and the 42-day check, and a free pre-pregnancy check (孕前优生健康检查) before most pregnancies and for couples
/// planning one;</item>
/// <item>康检 of married women 15–49 on their community's check-up day each quarter (<see cref="CheckupDays"/>): most came,
/// the others are listed absent with a reason and some came for a make-up check later in the quarter; a gynaecological
/// screening every two years;</item>
/// <item>the operation that started an IUD, implant or sterilisation here, and free contraceptives (药具) each quarter for
/// women using condoms, pills, injections or spermicide;</item>
/// <item>a 婚育证明 for most women 18–49 (the certificate rule) and half of the married men, most checked on arrival, and a
/// survey answer from some adults this year.</item>
/// </list>
/// The certificates, the check-up attendance and the survey answers are kept in <see cref="Certificates"/>,
/// <see cref="Attendance"/> and <see cref="SurveyAnswers"/> as the records are enumerated.
/// </summary>
public sealed class DemoServiceGenerator
{
    public const double HealthRecordShare = 0.98;
    public const double ImmunisationFileShare = 0.99;
    public const double LateDoseShare = 0.02;
    public const double MissedDoseShare = 0.001;
    public const double ChildVisitShare = 0.97;
    public const double AttendShare = 0.88;
    public const double MakeUpShare = 0.9;
    public const double ScreeningShare = 0.995;
    public const double BookingShare = 0.92;
    public const double AntenatalVisitShare = 0.96;
    public const double PostpartumShare = 0.93;
    public const double PrePregnancyShare = 0.8;
    public const double ContraceptivesShare = 0.85;
    public const double CertificateShare = 0.995;
    public const double CertificateCheckedShare = 0.93;
    public const double SurveyShare = 0.15;
    public const int SurveyMinimum = 3;
    public const string RecordedBy = "demo";
    public const string Office = "社区卫生服务中心";

    const int OldestChild = 6;
    const int CheckupMinAge = 15;
    const int CheckupMaxAge = 49;

    readonly Random random;
    readonly DateOnly today;
    readonly DateTime recordedAt;
    readonly Dictionary<string, int> answers = new(StringComparer.Ordinal);
    readonly HashSet<string> prePregnancy = new(StringComparer.Ordinal);
    readonly HashSet<string> earlyBooking = new(StringComparer.Ordinal);
    // The communities that already have this year's pre-pregnancy check before a pregnancy, operation that started a
    // method here, and supply of contraceptives: the year's figures of 在现居住地免费接受孕检率, 流入地接受免费服务比例
    // and 免费药具获得率 count someone in every community.
    readonly HashSet<string> prePregnancyThisYear = new(StringComparer.Ordinal);
    readonly HashSet<string> operatedThisYear = new(StringComparer.Ordinal);
    readonly HashSet<string> suppliedThisYear = new(StringComparer.Ordinal);
    // Likewise a birth this year with the five antenatal visits (孕妇健康管理率) and a newborn visited (新生儿访视率).
    readonly HashSet<string> antenatalThisYear = new(StringComparer.Ordinal);
    readonly HashSet<string> newbornThisYear = new(StringComparer.Ordinal);

    public DemoServiceGenerator(int seed, DateOnly today, DateTime recordedAtUtc)
    {
        // Its own stream, derived from the seed: adding services does not change the persons of the same seed.
        random = new Random(unchecked(seed * 7919 + 104_729));
        this.today = today;
        recordedAt = recordedAtUtc;
    }

    public List<DemoCertificate> Certificates { get; } = [];
    public List<DemoAttendance> Attendance { get; } = [];
    public List<DemoSurveyAnswer> SurveyAnswers { get; } = [];

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
        // Most on time; a missed one is caught up within months, so only the latest misses are still overdue.
        var recordOn = Chance(HealthRecordShare) ? Within(recordDue, 25) : CaughtUp(recordDue);
        if (recordDue <= today && recordOn <= today)
        {
            var record = New(p, ServiceKind.HealthRecord, CareKind.HealthRecord, recordOn);
            record.RecordNumber = p.CommunityCode[..12] + (p.Id % 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            records.Add(record);
        }
        if (today < NipSchedules.ProgrammeEndAge.From(p.BirthDate)) AddDoses(p, records);
        if (age <= OldestChild) AddChild(p, records);
        if (p.Sex == Sex.Female && CaseRules.IsMarried(p.MaritalStatus) && age is >= CheckupMinAge and <= CheckupMaxAge) AddWoman(p, records);
        AddCertificate(p, age);
        // Some adults answer the survey; the first few of each community surely, so that every community has answers to count.
        answers.TryGetValue(p.CommunityCode, out var answered);
        if (age >= 16 && p.ArrivalDate <= today && (Chance(SurveyShare) || answered < SurveyMinimum))
        {
            answers[p.CommunityCode] = answered + 1;
            SurveyAnswers.Add(new DemoSurveyAnswer(p.Id, p.CommunityCode, Between(Later(new DateOnly(today.Year, 1, 1), p.ArrivalDate), today),
                Chance(0.93), Chance(0.96)));
        }
    }

    void AddChild(DemoServicePerson p, List<ServiceRecord> records)
    {
        var fileDue = p.ArrivalDate.AddMonths(3);
        var fileOn = Chance(ImmunisationFileShare) ? Within(fileDue, 25) : CaughtUp(fileDue);
        if (fileDue <= today && fileOn <= today)
            records.Add(New(p, ServiceKind.ImmunisationFile, CareKind.ImmunisationFile, fileOn));

        foreach (var contact in VisitSchedules.Child.Contacts)
        {
            var due = contact.Due.From(p.BirthDate);
            var newborn = contact.Kind == CareKind.NewbornHomeVisit && p.BirthDate.Year == today.Year;
            if (due > today || contact.WindowEnd.From(p.BirthDate) < p.ArrivalDate
                || !(Chance(ChildVisitShare) || (newborn && !newbornThisYear.Contains(p.CommunityCode)))) continue;
            records.Add(New(p, ServiceKind.ChildVisit, contact.Kind, Within(Later(due, p.ArrivalDate), 7)));
            if (newborn) newbornThisYear.Add(p.CommunityCode);
        }
    }

    /// <summary>
    /// A child's doses (under 18), as her vaccination certificate (接种证) shows them: each dose of the edition of the
    /// programme in force on the day it fell due (NipSchedules.All, as the to-do list reads them: a child who turned 6
    /// before 2025 had 白破 then, one who turned 6 since has 百白破 5), with the live JE and HepA products Henan gives.
    /// </summary>
    void AddDoses(DemoServicePerson p, List<ServiceRecord> records)
    {
        // The child's whole programme as planned at birth: with nothing given yet, each dose on its table day (or its
        // least interval after the one before), from the edition in force that day.
        var plan = ImmunisationDue.For(p.BirthDate, [], p.BirthDate, NipSchedules.All, today.DayNumber - p.BirthDate.DayNumber)
            .OrderBy(d => d.Vaccine, StringComparer.Ordinal).ThenBy(d => d.Dose);
        // The history from the child's vaccination certificate: doses given where the child lived at the time.
        string? vaccine = null;
        var stopped = false;
        var delay = 0;
        foreach (var dose in plan)
        {
            if (dose.Vaccine != vaccine) (vaccine, stopped, delay) = (dose.Vaccine, false, 0);
            var due = dose.Due.AddDays(delay);
            if (due > today || stopped) continue;
            var roll = random.NextDouble();
            if (roll < MissedDoseShare + LateDoseShare)
            {
                // Given late (a missed dose is caught up, 查漏补种, within months); the later doses of the series keep their
                // spacing from it. One whose day is still to come stops the series here: the list shows it.
                var late = roll < MissedDoseShare ? CaughtUp(due).DayNumber - due.DayNumber : random.Next(30, 121);
                if (due.AddDays(late) > today)
                {
                    stopped = true;
                    continue;
                }
                delay += late;
                due = due.AddDays(late);
            }
            var record = New(p, ServiceKind.Immunisation, CareKind.Immunisation, Within(due, 14));
            record.Vaccine = dose.Vaccine;
            record.DoseNumber = (short)dose.Dose;
            record.InjectionSite = "上臂";
            records.Add(record);
        }
    }

    void AddWoman(DemoServicePerson p, List<ServiceRecord> records)
    {
        AddCheckups(p, records);
        var eligibleFrom = Later(p.ArrivalDate, p.BirthDate.AddYears(CheckupMinAge));
        // 妇科病普查 every two years from arrival (seed 001 三(二)4): most on time, a few skip one and stay due.
        for (var day = eligibleFrom.AddDays(random.Next(10, 80)); day <= today; day = day.AddMonths(24).AddDays(random.Next(0, 60)))
        {
            // A missed screening is caught up within months; the latest miss is still due.
            if (!Chance(ScreeningShare) && (day = CaughtUp(day)) > today) break;
            var record = New(p, ServiceKind.GynaecologicalScreening, CareKind.GynaecologicalScreening, day);
            record.Result = Chance(0.9) ? CheckOutcome.Normal : CheckOutcome.Abnormal;
            records.Add(record);
        }
        AddPregnancy(p, records);
        AddContraception(p, records);
    }

    /// <summary>The four latest quarters' 康检: on the community's day, absent with a reason, or a make-up check.</summary>
    void AddCheckups(DemoServicePerson p, List<ServiceRecord> records)
    {
        var current = Quarter.Containing(today);
        foreach (var quarter in new[] { current.Previous.Previous.Previous, current.Previous.Previous, current.Previous, current })
        {
            if (quarter.End < p.ArrivalDate) continue;
            var day = CheckupDays.Day(p.CommunityCode, quarter);
            if (day > today) continue;
            if (p.ArrivalDate > day)
            {
                // Came after the day: checked on her own within the quarter, as most newcomers are.
                var own = Between(p.ArrivalDate, quarter.End);
                if (Chance(0.95) && own <= today) records.Add(Checkup(p, own));
                continue;
            }
            if (IsPregnantOn(p, day))
            {
                Attendance.Add(new DemoAttendance(p.CommunityCode, day, p.Id, false, AbsenceReason.Pregnant));
                continue;
            }
            if (Chance(AttendShare))
            {
                Attendance.Add(new DemoAttendance(p.CommunityCode, day, p.Id, true, null));
                records.Add(Checkup(p, day));
                continue;
            }
            var reason = random.NextDouble() switch
            {
                < 0.45 => AbsenceReason.AwayTemporarily,
                < 0.65 => AbsenceReason.Ill,
                < 0.82 => AbsenceReason.Unreachable,
                < 0.84 => AbsenceReason.Refused,
                _ => AbsenceReason.Other,
            };
            Attendance.Add(new DemoAttendance(p.CommunityCode, day, p.Id, false, reason));
            // The make-up checks spread over the rest of the quarter: mid-quarter, some absentees are still to come.
            var makeUp = Between(day.AddDays(3), quarter.End);
            if (reason != AbsenceReason.Refused && Chance(MakeUpShare) && makeUp <= today) records.Add(Checkup(p, makeUp));
        }
    }

    ServiceRecord Checkup(DemoServicePerson p, DateOnly day)
    {
        var record = New(p, ServiceKind.WomensCheckup, CareKind.WomensCheckup, day);
        record.Result = Chance(0.97) ? CheckOutcome.Normal : CheckOutcome.IudProblem;
        record.ReportSentToHukou = true;
        record.Place = Office;
        return record;
    }

    static bool IsPregnantOn(DemoServicePerson p, DateOnly day) =>
        p.PregnancyLmp is { } lmp && day >= lmp && (p.PregnancyOutcomeDate is not { } end || end < lmp || day < end);

    /// <summary>The latest pregnancy: a pre-pregnancy check before it, the antenatal visits, and after a birth the postpartum care.</summary>
    void AddPregnancy(DemoServicePerson p, List<ServiceRecord> records)
    {
        if (p.PregnancyLmp is not { } lmp)
        {
            // A couple planning a child (no method, not pregnant) has the free pre-pregnancy check here.
            if (p.Contraception == ContraceptionMethod.None && (Chance(PrePregnancyShare) || !prePregnancy.Contains(p.CommunityCode))
                && AddIfHere(p, records, PrePregnancyCheck(p, Between(Later(p.ArrivalDate, today.AddMonths(-6)), today))))
                prePregnancy.Add(p.CommunityCode);
            return;
        }
        var end = p.PregnancyOutcomeDate is { } o && o >= lmp ? o : today.AddDays(1);
        var thisYear = lmp.Year == today.Year;
        if ((Chance(PrePregnancyShare) || !prePregnancy.Contains(p.CommunityCode) || (thisYear && !prePregnancyThisYear.Contains(p.CommunityCode)))
            && AddIfHere(p, records, PrePregnancyCheck(p, lmp.AddDays(-random.Next(30, 181)))))
        {
            prePregnancy.Add(p.CommunityCode);
            if (thisYear) prePregnancyThisYear.Add(p.CommunityCode);
        }

        // Most book in weeks 6 to 12+6, a few late (weeks 13 to 17+6), a few not at all; the community's first pregnancy
        // here is booked early, so that each community has an early booking to count.
        // So is the community's first birth this year followed at every visit (the five 孕妇健康管理率 counts).
        var followed = p.PregnancyOutcome == PregnancyOutcome.LiveBirth && end.Year == today.Year && !antenatalThisYear.Contains(p.CommunityCode);
        var roll = earlyBooking.Contains(p.CommunityCode) && !followed ? random.NextDouble() : 0;
        var visited = 0;
        var booking = roll switch
        {
            < BookingShare => lmp.AddDays(random.Next(42, 91)),
            < BookingShare + 0.05 => lmp.AddDays(random.Next(91, 127)),
            _ => (DateOnly?)null,
        };
        if (booking is { } b && AddIfHere(p, records, Antenatal(p, CareKind.AntenatalBooking, lmp, b), end))
        {
            visited++;
            if (b < lmp.AddDays(91)) earlyBooking.Add(p.CommunityCode);
        }
        (CareKind Kind, int From, int To)[] visits =
            [(CareKind.AntenatalVisit2, 16, 20), (CareKind.AntenatalVisit3, 21, 24), (CareKind.AntenatalVisit4, 28, 36), (CareKind.AntenatalVisit5, 37, 40)];
        foreach (var (kind, from, to) in visits)
        {
            if (!(Chance(AntenatalVisitShare) || followed)) continue;
            if (AddIfHere(p, records, Antenatal(p, kind, lmp, lmp.AddDays(7 * from + random.Next(0, 7 * (to - from + 1)))), end)) visited++;
            // In weeks 28–36 many come every two weeks: a second visit there.
            if (kind == CareKind.AntenatalVisit4 && (Chance(0.4) || followed)
                && AddIfHere(p, records, Antenatal(p, kind, lmp, lmp.AddDays(7 * 32 + random.Next(0, 35))), end)) visited++;
        }
        if (followed && visited >= 5) antenatalThisYear.Add(p.CommunityCode);

        if (p.PregnancyOutcome != PregnancyOutcome.LiveBirth || p.PregnancyOutcomeDate is not { } birth) return;
        if (Chance(PostpartumShare)) AddIfHere(p, records, Postpartum(p, CareKind.PostpartumVisit, birth.AddDays(random.Next(3, 8))));
        if (Chance(PostpartumShare)) AddIfHere(p, records, Postpartum(p, CareKind.Postpartum42DayCheck, birth.AddDays(random.Next(42, 51))));
    }

    /// <summary>Only what was done here, since she came, by today (and during the pregnancy, before <paramref name="before"/>).</summary>
    bool AddIfHere(DemoServicePerson p, List<ServiceRecord> records, ServiceRecord record, DateOnly? before = null)
    {
        if (record.ServiceDate < p.ArrivalDate || record.ServiceDate < p.BirthDate || record.ServiceDate > today
            || (before is { } b && record.ServiceDate >= b)) return false;
        records.Add(record);
        return true;
    }

    ServiceRecord PrePregnancyCheck(DemoServicePerson p, DateOnly day)
    {
        var record = New(p, ServiceKind.PrePregnancyCheck, null, day);
        record.Result = Chance(0.92) ? CheckOutcome.Normal : CheckOutcome.Abnormal;
        record.Place = Office;
        return record;
    }

    ServiceRecord Antenatal(DemoServicePerson p, CareKind kind, DateOnly lmp, DateOnly day)
    {
        var record = New(p, ServiceKind.MaternalVisit, kind, day);
        record.GestationalWeeks = (short)((day.DayNumber - lmp.DayNumber) / 7);
        record.HighRisk = Chance(0.08);
        record.Place = Office;
        return record;
    }

    ServiceRecord Postpartum(DemoServicePerson p, CareKind kind, DateOnly day)
    {
        var record = New(p, ServiceKind.MaternalVisit, kind, day);
        record.Place = Office;
        return record;
    }

    /// <summary>The operation that started her method here, and free contraceptives each quarter for the methods that use them.</summary>
    void AddContraception(DemoServicePerson p, List<ServiceRecord> records)
    {
        if (p.Contraception is not { } method || p.ContraceptionStart is not { } start) return;
        Operation? operation = method switch
        {
            ContraceptionMethod.Iud => Operation.IudInsertion,
            ContraceptionMethod.Implant => Operation.ImplantInsertion,
            ContraceptionMethod.FemaleSterilisation => Operation.TubalLigation,
            _ => null,
        };
        var startedThisYear = start.Year == today.Year;
        if (operation is { } op && start >= p.ArrivalDate && start <= today
            && (Chance(0.9) || (startedThisYear && !operatedThisYear.Contains(p.CommunityCode))))
        {
            var record = New(p, ServiceKind.Operation, null, start);
            record.Operation = op;
            record.Place = Office;
            records.Add(record);
            if (startedThisYear) operatedThisYear.Add(p.CommunityCode);
        }
        var item = method switch
        {
            ContraceptionMethod.Condom => ("避孕套", 30),
            ContraceptionMethod.OralPill => ("口服避孕药", 3),
            ContraceptionMethod.Injection => ("避孕针", 1),
            ContraceptionMethod.Spermicide => ("外用避孕药", 2),
            _ => ((string, int)?)null,
        };
        if (item is not { } given) return;
        var current = Quarter.Containing(today);
        foreach (var quarter in new[] { current.Previous.Previous.Previous, current.Previous.Previous, current.Previous, current })
        {
            var from = Later(quarter.Start, Later(start, p.ArrivalDate));
            var until = quarter.End < today ? quarter.End : today;
            if (from > until || !(Chance(ContraceptivesShare) || (from.Year == today.Year && !suppliedThisYear.Contains(p.CommunityCode)))) continue;
            var record = New(p, ServiceKind.Contraceptives, null, Between(from, until));
            record.Item = given.Item1;
            record.Quantity = given.Item2;
            record.Place = Office;
            records.Add(record);
            if (record.ServiceDate.Year == today.Year) suppliedThisYear.Add(p.CommunityCode);
        }
    }

    /// <summary>婚育证明: most women 18–49 (whom the certificate rule lists) and half of the married men bring one.</summary>
    void AddCertificate(DemoServicePerson p, int age)
    {
        var wanted = p.Sex == Sex.Female ? age is >= 18 and <= 49
            : age is >= 20 and <= 59 && CaseRules.IsMarried(p.MaritalStatus) && Chance(0.5);
        if (!wanted || p.ArrivalDate > today) return;
        // Shown and entered when she came, in office hours; the few who had to send for it from home bring it months later.
        var shown = p.Sex == Sex.Female && !Chance(CertificateShare) ? CaughtUp(p.ArrivalDate) : Within(p.ArrivalDate, 30);
        if (shown > today) return;
        var shownAt = Web.ChinaClock.UtcStartOf(shown).AddHours(2);
        if (shownAt > recordedAt) shownAt = recordedAt;
        var electronic = Chance(0.55);
        var validUntil = electronic ? (DateOnly?)null : today.AddDays(random.Next(10, 1000));
        var certificate = new Certificate
        {
            PersonId = p.Id,
            Kind = CertificateKind.MarriageAndChildbearing,
            Form = electronic ? CertificateForm.Electronic : CertificateForm.Paper,
            Number = "豫" + random.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            IssuingOffice = "户籍地乡（镇）人民政府",
            IssueDate = validUntil is { } v ? v.AddYears(-3) : Earlier(p.ArrivalDate, today.AddDays(-random.Next(0, 365))),
            ValidUntil = validUntil,
            RecordedAt = shownAt,
            RecordedBy = RecordedBy,
        };
        // Most are checked when shown; the others within months as the office catches up, so only newcomers' still wait.
        var checkedOn = Chance(CertificateCheckedShare) ? shown : CaughtUp(shown);
        var checkedAt = checkedOn == shown ? shownAt : Web.ChinaClock.UtcStartOf(checkedOn).AddHours(2);
        var check = checkedOn <= today && checkedAt <= recordedAt
            ? new CertificateCheck
            {
                CheckedOn = checkedOn,
                Office = Office,
                Result = Chance(0.96) ? CheckResult.Valid : CheckResult.NeedsCorrection,
                RecordedAt = checkedAt,
                RecordedBy = RecordedBy,
            }
            : null;
        Certificates.Add(new DemoCertificate(certificate, check));
    }

    ServiceRecord New(DemoServicePerson p, ServiceKind kind, CareKind? fulfils, DateOnly date) => new()
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

    /// <summary>The day a service missed when due was done after all: one month to a year later (possibly still to come).</summary>
    DateOnly CaughtUp(DateOnly due) => due.AddDays(random.Next(30, 366));

    /// <summary>A day from <paramref name="from"/> to <paramref name="days"/> later, never after today.</summary>
    DateOnly Within(DateOnly from, int days) => Between(from, from.AddDays(days) < today ? from.AddDays(days) : today);

    DateOnly Between(DateOnly from, DateOnly until) =>
        until <= from ? from : from.AddDays(random.Next(until.DayNumber - from.DayNumber + 1));

    static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
    static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;
}

/// <summary>
/// The day of a community's 集中康检 in a quarter (seed 004 四(三)1: once a quarter, on a day the community sets): between
/// the 11th and the 40th day of the quarter, so that by mid-quarter every community has held it, fixed by the community's code so every run and every reader agrees.
/// </summary>
public static class CheckupDays
{
    public const string Place = "社区卫生服务站";

    public static DateOnly Day(string community, Quarter quarter) =>
        quarter.Start.AddDays(10 + (int)((DemoCommunities.SizeFactor(community) * 10_000 + quarter.Number * 7) % 30));
}
