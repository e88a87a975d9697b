using EqualCare.Web.Domain.Immunisation;
using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Services;

/// <summary>
/// The checks a service record must pass before it is kept, and the scheduled item it fulfils. Pure: the person's birth
/// date, community and the day are parameters.
/// </summary>
public static class ServiceRules
{
    /// <summary>Every vaccine code of every edition of the NIP table: a dose given under an older edition still counts.</summary>
    public static readonly IReadOnlySet<string> KnownVaccines =
        NipSchedules.All.SelectMany(s => s.Doses).Select(d => d.Vaccine).ToHashSet(StringComparer.Ordinal);

    /// <summary>The kinds whose record always fulfils the same item.</summary>
    public static CareKind? FixedItem(ServiceKind kind) => kind switch
    {
        ServiceKind.HealthRecord => CareKind.HealthRecord,
        ServiceKind.Immunisation => CareKind.Immunisation,
        ServiceKind.ImmunisationFile => CareKind.ImmunisationFile,
        ServiceKind.WomensCheckup => CareKind.WomensCheckup,
        ServiceKind.GynaecologicalScreening => CareKind.GynaecologicalScreening,
        _ => null,
    };

    /// <summary>The contacts a visit record may name: child visits for a child visit, antenatal and postpartum for a maternal one.</summary>
    public static bool MayFulfil(ServiceKind kind, CareKind item) => kind switch
    {
        ServiceKind.ChildVisit => item is >= CareKind.NewbornHomeVisit and <= CareKind.ChildVisit6Years,
        ServiceKind.MaternalVisit => item is >= CareKind.AntenatalBooking and <= CareKind.Postpartum42DayCheck,
        _ => FixedItem(kind) == item,
    };

    /// <summary>The item a valid record fulfils: fixed by its kind, or the contact a visit names; null for the others.</summary>
    public static CareKind? ItemFulfilled(ServiceRecord record) => FixedItem(record.Kind) ?? record.Fulfils;

    /// <summary>
    /// The problems of a record as entered (its fulfilled item as given, not yet the one its kind fixes). Field names are
    /// those of the form and the API, where the service date is "Date".
    /// </summary>
    public static IReadOnlyList<Error> Check(ServiceRecord input, DateOnly birthDate, string communityCode, DateOnly today)
    {
        var problems = new List<Error>();
        void Add(string key, string field) => problems.Add(Error.Validation(key, field));

        if (!Enum.IsDefined(input.Kind) || input.Kind == ServiceKind.Void) Add("service.kind.bad", nameof(input.Kind));
        if (input.ServiceDate > today) Add("service.date.future", "Date");
        else if (input.ServiceDate < birthDate) Add("service.date.beforeBirth", "Date");
        if (input.Fulfils is { } item && !MayFulfil(input.Kind, item)) Add("service.fulfils.bad", nameof(input.Fulfils));

        switch (input.Kind)
        {
            case ServiceKind.HealthRecord:
                // 17 digits: county (6) + township (3) + village (3) + serial (5), docs/rules.md §3.2; the county is the community's.
                if (input.RecordNumber is not { Length: 17 } number || !number.All(char.IsAsciiDigit))
                    Add("service.recordNumber.bad", nameof(input.RecordNumber));
                else if (!number.StartsWith(communityCode[..6], StringComparison.Ordinal))
                    Add("service.recordNumber.county", nameof(input.RecordNumber));
                break;
            case ServiceKind.Immunisation:
                if (string.IsNullOrWhiteSpace(input.Vaccine)) Add("service.vaccine.required", nameof(input.Vaccine));
                else if (!KnownVaccines.Contains(input.Vaccine.Trim())) Add("service.vaccine.bad", nameof(input.Vaccine));
                if (input.DoseNumber is not (>= 1 and <= 9)) Add("service.dose.bad", nameof(input.DoseNumber));
                break;
            case ServiceKind.ChildVisit or ServiceKind.MaternalVisit:
                if (input.Fulfils is null) Add("service.fulfils.required", nameof(input.Fulfils));
                if (input.WeightKg is < 0.3m or > 200m) Add("service.weight.bad", nameof(input.WeightKg));
                if (input.HeightCm is < 20m or > 250m) Add("service.height.bad", nameof(input.HeightCm));
                if (input.GestationalWeeks is < 0 or > 45) Add("service.weeks.bad", nameof(input.GestationalWeeks));
                break;
            case ServiceKind.WomensCheckup or ServiceKind.GynaecologicalScreening or ServiceKind.PrePregnancyCheck:
                if (input.Result is not { } result || !Enum.IsDefined(result)) Add("service.result.required", nameof(input.Result));
                break;
            case ServiceKind.Operation:
                if (input.Operation is not { } operation || !Enum.IsDefined(operation)) Add("service.operation.required", nameof(input.Operation));
                if (input.LeaveDays is < 0 or > 365) Add("service.leave.bad", nameof(input.LeaveDays));
                break;
            case ServiceKind.Contraceptives:
                if (string.IsNullOrWhiteSpace(input.Item)) Add("service.item.required", nameof(input.Item));
                if (input.Quantity is not (>= 1 and <= 10000)) Add("service.quantity.bad", nameof(input.Quantity));
                break;
            case ServiceKind.HealthEducation:
                if (string.IsNullOrWhiteSpace(input.Item)) Add("service.topic.required", nameof(input.Item));
                break;
        }
        return problems;
    }
}
