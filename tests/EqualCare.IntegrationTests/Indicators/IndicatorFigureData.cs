using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using Microsoft.Extensions.DependencyInjection;

namespace EqualCare.IntegrationTests.Indicators;

/// <summary>
/// A hand-built community (东风路 同乐花园社区, 410105010005) of 26 persons for 2026 Q3 (2026-07-01 … 2026-09-30; ages
/// and lengths of stay at 2026-09-30). Unless the table says otherwise a person is an inflow, active, not merged case
/// with a valid ID number, arrived 2025-01-01, entered the day after arriving, with phone, both addresses and housing type.
/// W = married woman born 1990-05-17.
///
/// | who | facts                                                                                   | counts in (Q3 2026)                        |
/// |-----|-----------------------------------------------------------------------------------------|--------------------------------------------|
/// | W1  | IUD; marriage cert checked 2026-02-01; 康检 08-10; health record 2025-03-01; came on     | comprehensive, free service, 康检, check-up |
/// |     | the 08-15 check-up day; survey 08-01 (knows, not satisfied) then 09-01 (knows, satisfied)| day, contraception, cert, record, surveys  |
/// | W2  | no method; cert checked; 康检 08-01 voided; on 08-15 first "came" then corrected absent;  | W dens only; survey den (policy no, sat.   |
/// |     | two surveys on 07-10, the later (by id) says: does not know, satisfied                  | yes)                                       |
/// | W3  | no phone; cert checked; condom; 康检 08-20; came on the 05-10 (Q2) day; pre-pregnancy     | free service, 康检, contraception, cert     |
/// |     | check 2026-10-05 (after the period)                                                     |                                            |
/// | W4  | pill; no cert; absent on 08-15, 康检 09-01 (make-up); free pills 08-01                   | free service, 康检, make-up, contraception, |
/// |     |                                                                                         | free contraceptives                        |
/// | W5  | female sterilisation; cert checked; operation 07-15                                      | comprehensive, free service, contraception, cert, 康检 den (the rule does not exempt her) |
/// | W6  | pregnant (LMP 2026-05-01, no outcome); method "none"; cert checked with result invalid;  | cert, pre-pregnancy; not in 康检 den        |
/// |     | pre-pregnancy check 2026-03-01                                                           | (pregnant)                                 |
/// | W7  | live birth 08-01 (LMP 2025-10-25); IUD from 09-15, inserted here that day; antenatal    | contraception, timely, early booking,      |
/// |     | visits week 10 on 2026-01-03 and on 03-01, 04-15, 06-01, 07-15; postpartum visit 08-10;  | postpartum visit, antenatal care, free     |
/// |     | pre-pregnancy check 2025-06-01; cert never checked                                      | service (here), pre-pregnancy; 康检 exempt |
/// | W8  | live birth 07-20; condom from 05-01; antenatal visit week 16; postpartum visit 09-10;    | contraception; dens of timely, booking,    |
/// |     | birth-service certificate (not the marriage one) checked                               | postpartum                                 |
/// | W9  | abortion 07-05; implant from 07-20; cert checked 2026-10-10 (after the period)           | contraception, timely                      |
/// | W10 | live birth 2026-04-10 (before the period); no method                                     | W dens only                                |
/// | W11 | born 1976-09-30: 49 on the first day, 50 on the last; 康检 08-10                          | record den, ID, 康检 (49 when checked)      |
/// | W12 | unmarried, 25                                                                            | record den, ID                             |
/// | W13 | married, departed                                                                        | ID                                         |
/// | W14 | married, arrived 2026-10-15                                                              | nothing                                    |
/// | W15 | merged into W1; survey 08-01                                                             | nothing                                    |
/// | W16 | married, outflow case; survey 08-20 (knows, not satisfied)                               | ID, surveys                                |
/// | M1  | man, arrived 2024-06-01, health record 2026-01-01; survey 2026-06-15 (Q2)                | record, ID                                 |
/// | M2  | man, ID invalid, arrived 07-20, entered 07-25                                            | entry (5 days), not ID                     |
/// | M3  | man, ID placeholder, arrived 08-01, entered 09-15                                        | entry den (45 days), not ID                |
/// | M4  | man, ID overridden, arrived 09-20, entered 09-21                                         | entry, ID                                  |
/// | K1  | born and arrived 2026-08-05; newborn visit 08-12                                         | newborn visit, child health, entry         |
/// | K2  | born and arrived 2026-07-10; newborn visit 08-20 (41 days)                               | newborn den, child health, entry           |
/// | K3  | born 2023-03-01, arrived 2024-01-01; immunisation file; every dose due before 24 months  | vaccines, immunisation file, child den     |
/// | K4  | born 2022-01-01; HepB 1 and 2 (dose 2 entered twice); 4-year visit 09-01                 | child health, file den, vaccine dens       |
/// | K5  | born 2019-06-01 (7 at the end); immunisation file                                        | record den, ID only                        |
/// | K6  | born 2025-01-01, arrived 2025-02-01; immunisation file                                   | file, child den; too young for vaccines    |
/// </summary>
public static class IndicatorFigureData
{
    public const string Community = "410105010005";
    public static readonly Period Q3 = Period.Containing(PeriodType.Quarter, new DateOnly(2026, 8, 1));

    static readonly ConcurrentDictionary<AppFixture, Lazy<Task<IReadOnlyDictionary<string, long>>>> Built = new();

    /// <summary>Builds the data set once per app; returns the persons' ids by label.</summary>
    public static Task<IReadOnlyDictionary<string, long>> EnsureAsync(AppFixture app) =>
        Built.GetOrAdd(app, a => new Lazy<Task<IReadOnlyDictionary<string, long>>>(() => BuildAsync(a))).Value;

    static DateOnly D(int y, int m, int d) => new(y, m, d);
    static DateTime Utc(DateOnly day, int hour = 2) => DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(hour, 0)), DateTimeKind.Utc);

    static Person NewPerson(string label, Sex sex, DateOnly birth, Action<Person>? change = null)
    {
        var p = new Person
        {
            Name = "指标" + label,
            IdNumber = TestData.NewIdNumber(sex, birth),
            Sex = sex,
            BirthDate = birth,
            CommunityCode = Community,
            HukouCountyCode = "411522",
            ArrivalDate = D(2025, 1, 1),
            MaritalStatus = MaritalStatus.FirstMarriage,
            Phone = "13800138000",
            HukouAddress = "河南省信阳市光山县",
            ResidenceAddress = "东风路同乐花园",
            HousingType = HousingType.Rented,
        };
        change?.Invoke(p);
        p.CreatedAt = Utc(p.ArrivalDate.AddDays(1));
        p.UpdatedAt = p.CreatedAt;
        return p;
    }

    static async Task<IReadOnlyDictionary<string, long>> BuildAsync(AppFixture app)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EqualCareDb>();
        var woman = D(1990, 5, 17);
        var people = new Dictionary<string, Person>
        {
            ["W1"] = NewPerson("W1", Sex.Female, woman, p => (p.ContraceptionMethod, p.ContraceptionStart) = (ContraceptionMethod.Iud, D(2024, 1, 1))),
            ["W2"] = NewPerson("W2", Sex.Female, woman),
            ["W3"] = NewPerson("W3", Sex.Female, woman, p => (p.Phone, p.ContraceptionMethod) = (null, ContraceptionMethod.Condom)),
            ["W4"] = NewPerson("W4", Sex.Female, woman, p => p.ContraceptionMethod = ContraceptionMethod.OralPill),
            ["W5"] = NewPerson("W5", Sex.Female, woman, p => p.ContraceptionMethod = ContraceptionMethod.FemaleSterilisation),
            ["W6"] = NewPerson("W6", Sex.Female, woman, p => (p.PregnancyLmp, p.ContraceptionMethod) = (D(2026, 5, 1), ContraceptionMethod.None)),
            ["W7"] = NewPerson("W7", Sex.Female, woman, p =>
            {
                (p.PregnancyLmp, p.PregnancyOutcome, p.PregnancyOutcomeDate) = (D(2025, 10, 25), PregnancyOutcome.LiveBirth, D(2026, 8, 1));
                (p.ContraceptionMethod, p.ContraceptionStart) = (ContraceptionMethod.Iud, D(2026, 9, 15));
            }),
            ["W8"] = NewPerson("W8", Sex.Female, woman, p =>
            {
                (p.PregnancyOutcome, p.PregnancyOutcomeDate) = (PregnancyOutcome.LiveBirth, D(2026, 7, 20));
                (p.ContraceptionMethod, p.ContraceptionStart) = (ContraceptionMethod.Condom, D(2026, 5, 1));
            }),
            ["W9"] = NewPerson("W9", Sex.Female, woman, p =>
            {
                (p.PregnancyOutcome, p.PregnancyOutcomeDate) = (PregnancyOutcome.Abortion, D(2026, 7, 5));
                (p.ContraceptionMethod, p.ContraceptionStart) = (ContraceptionMethod.Implant, D(2026, 7, 20));
            }),
            ["W10"] = NewPerson("W10", Sex.Female, woman, p => (p.PregnancyOutcome, p.PregnancyOutcomeDate) = (PregnancyOutcome.LiveBirth, D(2026, 4, 10))),
            ["W11"] = NewPerson("W11", Sex.Female, D(1976, 9, 30)),
            ["W12"] = NewPerson("W12", Sex.Female, D(2001, 3, 3), p => p.MaritalStatus = MaritalStatus.Unmarried),
            ["W13"] = NewPerson("W13", Sex.Female, woman, p => p.Status = CaseStatus.Departed),
            ["W14"] = NewPerson("W14", Sex.Female, woman, p => p.ArrivalDate = D(2026, 10, 15)),
            ["W15"] = NewPerson("W15", Sex.Female, woman),
            ["W16"] = NewPerson("W16", Sex.Female, woman, p => p.FlowDirection = FlowDirection.Outflow),
            ["M1"] = NewPerson("M1", Sex.Male, D(1991, 2, 2), p => p.ArrivalDate = D(2024, 6, 1)),
            ["M2"] = NewPerson("M2", Sex.Male, D(1988, 8, 8), p => (p.IdState, p.ArrivalDate) = (IdState.Invalid, D(2026, 7, 20))),
            ["M3"] = NewPerson("M3", Sex.Male, D(1985, 5, 5), p => (p.IdState, p.ArrivalDate) = (IdState.Placeholder, D(2026, 8, 1))),
            ["M4"] = NewPerson("M4", Sex.Male, D(1987, 7, 7), p => (p.IdState, p.ArrivalDate) = (IdState.Overridden, D(2026, 9, 20))),
            ["K1"] = NewPerson("K1", Sex.Male, D(2026, 8, 5), p => (p.ArrivalDate, p.MaritalStatus) = (D(2026, 8, 5), MaritalStatus.Unmarried)),
            ["K2"] = NewPerson("K2", Sex.Female, D(2026, 7, 10), p => (p.ArrivalDate, p.MaritalStatus) = (D(2026, 7, 10), MaritalStatus.Unmarried)),
            ["K3"] = NewPerson("K3", Sex.Male, D(2023, 3, 1), p => (p.ArrivalDate, p.MaritalStatus) = (D(2024, 1, 1), MaritalStatus.Unmarried)),
            ["K4"] = NewPerson("K4", Sex.Female, D(2022, 1, 1), p => p.MaritalStatus = MaritalStatus.Unmarried),
            ["K5"] = NewPerson("K5", Sex.Male, D(2019, 6, 1), p => p.MaritalStatus = MaritalStatus.Unmarried),
            ["K6"] = NewPerson("K6", Sex.Female, D(2025, 1, 1), p => (p.ArrivalDate, p.MaritalStatus) = (D(2025, 2, 1), MaritalStatus.Unmarried)),
        };
        people["M2"].CreatedAt = people["M2"].UpdatedAt = Utc(D(2026, 7, 25));
        people["M3"].CreatedAt = people["M3"].UpdatedAt = Utc(D(2026, 9, 15));
        db.Persons.AddRange(people.Values);
        await db.SaveChangesAsync();
        people["W15"].MergedIntoId = people["W1"].Id;
        await db.SaveChangesAsync();
        long Id(string label) => people[label].Id;

        ServiceRecord Service(string label, ServiceKind kind, DateOnly day, Action<ServiceRecord>? change = null)
        {
            var s = new ServiceRecord { PersonId = Id(label), CommunityCode = Community, Kind = kind, ServiceDate = day, RecordedAt = Utc(day), RecordedBy = "test" };
            change?.Invoke(s);
            db.ServiceRecords.Add(s);
            return s;
        }
        Service("W1", ServiceKind.WomensCheckup, D(2026, 8, 10), s => s.Result = CheckOutcome.Normal);
        Service("W1", ServiceKind.HealthRecord, D(2025, 3, 1), s => s.RecordNumber = "41010501000500001");
        var voided = Service("W2", ServiceKind.WomensCheckup, D(2026, 8, 1), s => s.Result = CheckOutcome.Normal);
        Service("W3", ServiceKind.WomensCheckup, D(2026, 8, 20), s => s.Result = CheckOutcome.Normal);
        Service("W3", ServiceKind.PrePregnancyCheck, D(2026, 10, 5), s => s.Result = CheckOutcome.Normal);
        Service("W4", ServiceKind.WomensCheckup, D(2026, 9, 1), s => s.Result = CheckOutcome.Normal);
        Service("W5", ServiceKind.Operation, D(2026, 7, 15), s => s.Operation = Operation.TubalLigation);
        Service("W7", ServiceKind.MaternalVisit, D(2026, 1, 3), s => (s.Fulfils, s.GestationalWeeks) = (CareKind.AntenatalBooking, 10));
        Service("W7", ServiceKind.MaternalVisit, D(2026, 8, 10), s => s.Fulfils = CareKind.PostpartumVisit);
        Service("W7", ServiceKind.PrePregnancyCheck, D(2025, 6, 1), s => s.Result = CheckOutcome.Normal);
        // 2–5th antenatal visits: W7 has the five of 孕妇健康管理率.
        foreach (var (visit, on) in new[] { (CareKind.AntenatalVisit2, D(2026, 3, 1)), (CareKind.AntenatalVisit3, D(2026, 4, 15)),
                     (CareKind.AntenatalVisit4, D(2026, 6, 1)), (CareKind.AntenatalVisit5, D(2026, 7, 15)) })
            Service("W7", ServiceKind.MaternalVisit, on, s => s.Fulfils = visit);
        Service("W7", ServiceKind.Operation, D(2026, 9, 15), s => s.Operation = Operation.IudInsertion);
        Service("W4", ServiceKind.Contraceptives, D(2026, 8, 1), s => (s.Item, s.Quantity) = ("口服避孕药", 3));
        Service("W6", ServiceKind.PrePregnancyCheck, D(2026, 3, 1), s => s.Result = CheckOutcome.Normal);
        Service("W8", ServiceKind.MaternalVisit, D(2026, 3, 1), s => (s.Fulfils, s.GestationalWeeks) = (CareKind.AntenatalBooking, 16));
        Service("W8", ServiceKind.MaternalVisit, D(2026, 9, 10), s => s.Fulfils = CareKind.PostpartumVisit);
        Service("W11", ServiceKind.WomensCheckup, D(2026, 8, 10), s => s.Result = CheckOutcome.Normal);
        Service("M1", ServiceKind.HealthRecord, D(2026, 1, 1), s => s.RecordNumber = "41010501000500002");
        Service("K1", ServiceKind.ChildVisit, D(2026, 8, 12), s => s.Fulfils = CareKind.NewbornHomeVisit);
        Service("K2", ServiceKind.ChildVisit, D(2026, 8, 20), s => s.Fulfils = CareKind.NewbornHomeVisit);
        Service("K3", ServiceKind.ImmunisationFile, D(2024, 1, 10));
        var day = D(2023, 3, 1);
        foreach (var (vaccine, _, doses) in IndicatorCatalogue.CoveredVaccines)
            for (short dose = 1; dose <= doses; dose++)
                Service("K3", ServiceKind.Immunisation, day = day.AddDays(10), s => (s.Vaccine, s.DoseNumber) = (vaccine, dose));
        Service("K4", ServiceKind.Immunisation, D(2022, 1, 1), s => (s.Vaccine, s.DoseNumber) = ("HepB", 1));
        Service("K4", ServiceKind.Immunisation, D(2022, 2, 1), s => (s.Vaccine, s.DoseNumber) = ("HepB", 2));
        Service("K4", ServiceKind.Immunisation, D(2022, 2, 2), s => (s.Vaccine, s.DoseNumber) = ("HepB", 2));
        Service("K4", ServiceKind.ChildVisit, D(2026, 9, 1), s => s.Fulfils = CareKind.ChildVisit4Years);
        Service("K5", ServiceKind.ImmunisationFile, D(2025, 2, 1));
        Service("K6", ServiceKind.ImmunisationFile, D(2025, 2, 10));
        await db.SaveChangesAsync();
        Service("W2", ServiceKind.Void, D(2026, 8, 2), s => (s.VoidsRecordId, s.Note) = (voided.Id, "录错人"));

        void Certificate(string label, CertificateKind kind, DateOnly? checkedOn, CheckResult result = CheckResult.Valid)
        {
            var c = new Certificate { PersonId = Id(label), Kind = kind, RecordedAt = Utc(D(2025, 1, 2)), RecordedBy = "test" };
            db.Certificates.Add(c);
            db.SaveChanges();
            if (checkedOn is { } on)
                db.CertificateChecks.Add(new CertificateCheck { CertificateId = c.Id, CheckedOn = on, Office = "东风路街道", Result = result, RecordedAt = Utc(on), RecordedBy = "test" });
        }
        foreach (var label in new[] { "W1", "W2", "W3", "W5" }) Certificate(label, CertificateKind.MarriageAndChildbearing, D(2026, 2, 1));
        Certificate("W6", CertificateKind.MarriageAndChildbearing, D(2026, 2, 1), CheckResult.Invalid);
        Certificate("W7", CertificateKind.MarriageAndChildbearing, null);
        Certificate("W8", CertificateKind.BirthServiceRegistration, D(2026, 2, 1));
        Certificate("W9", CertificateKind.MarriageAndChildbearing, D(2026, 10, 10));

        var august = new CheckupDay { CommunityCode = Community, Day = D(2026, 8, 15), CreatedAt = Utc(D(2026, 8, 1)), CreatedBy = "test" };
        var may = new CheckupDay { CommunityCode = Community, Day = D(2026, 5, 10), CreatedAt = Utc(D(2026, 5, 1)), CreatedBy = "test" };
        db.CheckupDays.AddRange(august, may);
        await db.SaveChangesAsync();
        // A second mark of a woman on a day corrects the first: it names the mark it voids (one current mark each, migration 0012).
        var current = new Dictionary<(long, long), long>();
        void Attendance(CheckupDay d, string label, bool attended, AbsenceReason? reason = null)
        {
            var mark = new CheckupAttendance { CheckupDayId = d.Id, PersonId = Id(label), Attended = attended, AbsenceReason = reason, RecordedAt = Utc(d.Day), RecordedBy = "test",
                VoidsAttendanceId = current.TryGetValue((d.Id, Id(label)), out var before) ? before : null };
            db.CheckupAttendance.Add(mark);
            db.SaveChanges();
            current[(d.Id, Id(label))] = mark.Id;
        }
        Attendance(august, "W1", true);
        Attendance(august, "W2", true);
        Attendance(august, "W2", false, AbsenceReason.Refused);
        Attendance(august, "W4", false, AbsenceReason.AwayTemporarily);
        Attendance(may, "W3", true);

        var connections = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        var postgres = connections.Provider == DatabaseProvider.Postgres;
        async Task Survey(string label, DateOnly on, bool known, bool satisfied) =>
            await connection.ExecuteAsync(
                "INSERT INTO survey_responses (person_id, community_code, answered_on, policy_known, satisfied, recorded_at, recorded_by) " +
                "VALUES (@person, @community, @on, @known, @satisfied, @at, 'test')",
                new
                {
                    person = Id(label), community = Community,
                    on = postgres ? (object)on : on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), known, satisfied,
                    at = postgres ? (object)Utc(on) : Utc(on).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                });
        await Survey("W1", D(2026, 8, 1), true, false);
        await Survey("W1", D(2026, 9, 1), true, true);
        await Survey("W2", D(2026, 7, 10), true, true);
        await Survey("W2", D(2026, 7, 10), false, true);
        await Survey("W15", D(2026, 8, 1), true, true);
        await Survey("W16", D(2026, 8, 20), true, false);
        await Survey("M1", D(2026, 6, 15), true, true);
        return people.ToDictionary(p => p.Key, p => p.Value.Id);
    }
}
