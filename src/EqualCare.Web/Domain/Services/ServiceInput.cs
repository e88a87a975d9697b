using EqualCare.Web.Domain.Schedules;

namespace EqualCare.Web.Domain.Services;

/// <summary>A service as a form or the API sends it, before the checks.</summary>
public sealed record ServiceInput(
    ServiceKind Kind,
    DateOnly? Date,
    CareKind? Fulfils = null,
    string? Place = null,
    string? Provider = null,
    string? Note = null,
    string? RecordNumber = null,
    string? Findings = null,
    string? Vaccine = null,
    short? DoseNumber = null,
    string? BatchNumber = null,
    string? InjectionSite = null,
    decimal? WeightKg = null,
    decimal? HeightCm = null,
    short? GestationalWeeks = null,
    bool? HighRisk = null,
    CheckOutcome? Result = null,
    bool? ReportSentToHukou = null,
    Operation? Operation = null,
    short? LeaveDays = null,
    string? Item = null,
    int? Quantity = null);
