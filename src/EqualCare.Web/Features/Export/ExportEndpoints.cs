using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.DataQuality;
using EqualCare.Web.Features.Duplicates;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;

namespace EqualCare.Web.Features.Export;

/// <summary>
/// /Export/{list}: GET gives the masked workbook of a list with the filters of its page (query string); POST with a form
/// (antiforgery-checked) carrying unmasked=true and a reason gives the unmasked one. Cookie or token, like the pages.
/// </summary>
public static class ExportEndpoints
{
    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddScoped<ExportRunner>();

    static readonly string[] PersonHeaders =
    [
        "persons.name", "persons.idNumber", "persons.phone", "persons.sex", "persons.birthDate", "export.communityCode",
        "persons.community", "persons.arrivalDate", "search.flow", "search.status",
    ];

    static readonly string[] QualityHeaders =
    [
        "persons.name", "persons.idNumber", "persons.phone", "persons.sex", "persons.birthDate", "export.communityCode",
        "dataQuality.failedChecks", "dataQuality.missing", "dataQuality.updatedAt",
    ];

    static readonly string[] DuplicateHeaders =
    [
        "export.group", "persons.name", "persons.idNumber", "persons.phone", "persons.sex", "persons.birthDate",
        "persons.hukou", "export.communityCode", "persons.arrivalDate", "search.status",
    ];

    /// <summary>
    /// The full 花名册 (roster): every field of the case form, one person a row, in the order of the form's sections. ID and
    /// phone numbers are masked unless the unmasked export is asked for (same permission, reason and audit as the others).
    /// </summary>
    static readonly string[] RosterHeaders =
    [
        "export.roster.caseNumber", "persons.name", "persons.idNumber", "export.roster.idState", "persons.sex", "persons.birthDate",
        "case.ethnicity", "case.education", "persons.occupation", "persons.phone", "persons.maritalStatus", "case.marriageDate",
        "export.roster.hukouCounty", "case.hukouAddress", "export.communityCode", "persons.community", "case.residenceAddress",
        "case.housingType", "case.landlordOrEmployer", "persons.arrivalDate", "case.flowDirection", "case.householdType",
        "export.roster.spouse", "export.roster.mother", "export.roster.father", "case.accompanyingChild",
        "case.contraceptionMethod", "case.contraceptionStart", "case.contraceptionProvider", "case.pregnancyLmp",
        "case.pregnancyExpected", "case.pregnancyOutcome", "case.pregnancyOutcomeDate", "search.status", "export.roster.createdAt",
        "export.roster.updatedAt",
    ];

    public sealed record ExportForm(bool Unmasked, string? Reason);

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/Export").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/Persons", (HttpContext http, ExportRunner runner, PersonQueries queries, [AsParameters] PersonsApi.ListParameters filters,
            CancellationToken ct) => Persons(http, runner, queries, filters, new ExportRequest(false, null), ct));
        group.MapPost("/Persons", (HttpContext http, ExportRunner runner, PersonQueries queries, [AsParameters] PersonsApi.ListParameters filters,
            [FromForm] ExportForm form, CancellationToken ct) => Persons(http, runner, queries, filters, new ExportRequest(form.Unmasked, form.Reason), ct));
        group.MapGet("/Roster", (HttpContext http, ExportRunner runner, PersonQueries queries, EqualCareDb db, [AsParameters] PersonsApi.ListParameters filters,
            CancellationToken ct) => Roster(http, runner, queries, db, filters, new ExportRequest(false, null), ct));
        group.MapPost("/Roster", (HttpContext http, ExportRunner runner, PersonQueries queries, EqualCareDb db, [AsParameters] PersonsApi.ListParameters filters,
            [FromForm] ExportForm form, CancellationToken ct) => Roster(http, runner, queries, db, filters, new ExportRequest(form.Unmasked, form.Reason), ct));
        group.MapGet("/DataQuality", (HttpContext http, ExportRunner runner, DataQualityQueries queries, QualityIssue issue, string? community,
            CancellationToken ct) => Quality(http, runner, queries, issue, community, new ExportRequest(false, null), ct));
        group.MapPost("/DataQuality", (HttpContext http, ExportRunner runner, DataQualityQueries queries, QualityIssue issue, string? community,
            [FromForm] ExportForm form, CancellationToken ct) => Quality(http, runner, queries, issue, community, new ExportRequest(form.Unmasked, form.Reason), ct));
        group.MapGet("/Duplicates", (HttpContext http, ExportRunner runner, DuplicateQueries queries, DuplicateKind? kind,
            CancellationToken ct) => Duplicates(http, runner, queries, kind, new ExportRequest(false, null), ct));
        group.MapPost("/Duplicates", (HttpContext http, ExportRunner runner, DuplicateQueries queries, DuplicateKind? kind,
            [FromForm] ExportForm form, CancellationToken ct) => Duplicates(http, runner, queries, kind, new ExportRequest(form.Unmasked, form.Reason), ct));
        return app;
    }

    static Task<IResult> Persons(HttpContext http, ExportRunner runner, PersonQueries queries, PersonsApi.ListParameters filters,
        ExportRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        var search = filters.ToSearch();
        return runner.RunAsync(user, "persons", "export.file.persons", PersonHeaders, search.Describe(), request, async (xlsx, unmasked, token) =>
        {
            await foreach (var p in queries.Rows(user, search).AsAsyncEnumerable().WithCancellation(token))
                xlsx.WriteRow([p.Name, Id(p.IdNumber, unmasked), PhoneOf(p.Phone, unmasked), runner.Header("sex." + p.Sex), Date(p.BirthDate),
                    p.CommunityCode, p.CommunityName, Date(p.ArrivalDate), runner.Header("search.flow." + p.FlowDirection),
                    runner.Header("search.status." + p.Status)]);
        }, ct);
    }

    static Task<IResult> Roster(HttpContext http, ExportRunner runner, PersonQueries queries, EqualCareDb db, PersonsApi.ListParameters filters,
        ExportRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        var search = filters.ToSearch();
        var rows = queries.Filtered(user, search).OrderBy(p => p.Id).Select(p => new
        {
            Person = p,
            Community = db.OrgUnits.Where(o => o.Code == p.CommunityCode).Select(o => o.Name).FirstOrDefault(),
            Spouse = db.Persons.Where(x => x.Id == p.SpouseId).Select(x => x.Name).FirstOrDefault(),
            Mother = db.Persons.Where(x => x.Id == p.MotherId).Select(x => x.Name).FirstOrDefault(),
            Father = db.Persons.Where(x => x.Id == p.FatherId).Select(x => x.Name).FirstOrDefault(),
        });
        return runner.RunAsync(user, "persons", "export.file.roster", RosterHeaders, "roster; " + search.Describe(), request, async (xlsx, unmasked, token) =>
        {
            await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(token))
            {
                var p = r.Person;
                xlsx.WriteRow([
                    p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name, Id(p.IdNumber, unmasked), runner.Header("case.idState." + p.IdState),
                    runner.Header("sex." + p.Sex), Date(p.BirthDate), p.Ethnicity, Named(runner, "case.education", p.Education), p.Occupation,
                    PhoneOf(p.Phone, unmasked), runner.Header("marital." + p.MaritalStatus), Date(p.MarriageDate), p.HukouCountyCode, p.HukouAddress,
                    p.CommunityCode, r.Community, p.ResidenceAddress, Named(runner, "case.housing", p.HousingType), p.LandlordOrEmployer,
                    Date(p.ArrivalDate), runner.Header("case.flow." + p.FlowDirection), Named(runner, "case.household", p.HouseholdType),
                    r.Spouse, r.Mother, r.Father, runner.Header(p.AccompanyingChild ? "export.roster.yes" : "export.roster.no"),
                    Named(runner, "case.contraception", p.ContraceptionMethod), Date(p.ContraceptionStart), p.ContraceptionProvider,
                    Date(p.PregnancyLmp), Date(p.PregnancyExpectedDate), Named(runner, "case.pregnancyOutcome", p.PregnancyOutcome),
                    Date(p.PregnancyOutcomeDate), runner.Header("search.status." + p.Status), Stamp(p.CreatedAt), Stamp(p.UpdatedAt),
                ]);
            }
        }, ct);
    }

    static string? Named<T>(ExportRunner runner, string prefix, T? value) where T : struct, Enum =>
        value is { } v ? runner.Header(prefix + "." + v) : null;

    static string? Date(DateOnly? d) => d is { } day ? Date(day) : null;

    static string Stamp(DateTime utc) => ChinaClock.ToBeijing(utc).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    static Task<IResult> Quality(HttpContext http, ExportRunner runner, DataQualityQueries queries, QualityIssue issue, string? community,
        ExportRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        var query = queries.IssueQuery(user, issue, community);
        if (query is null) return Task.FromResult<IResult>(TypedResults.NotFound());
        var filter = $"issue={issue};community={community}";
        return runner.RunAsync(user, "data-quality", "export.file.dataQuality", QualityHeaders, filter, request, async (xlsx, unmasked, token) =>
        {
            await foreach (var r in query.AsAsyncEnumerable().WithCancellation(token))
                xlsx.WriteRow([r.Name, Id(r.IdNumber, unmasked), PhoneOf(r.Phone, unmasked), runner.Header("sex." + r.Sex), Date(r.BirthDate),
                    r.CommunityCode, string.Join("、", (r.IdFailedChecks ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                        .Select(c => runner.Header("dataQuality.check." + c.Trim()))),
                    string.Join("、", r.MissingFieldKeys.Select(runner.Header)), ChinaClock.ToBeijing(r.UpdatedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
        }, ct);
    }

    static Task<IResult> Duplicates(HttpContext http, ExportRunner runner, DuplicateQueries queries, DuplicateKind? kind,
        ExportRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        var k = kind ?? DuplicateKind.NameBirthHukou;
        return runner.RunAsync(user, "duplicates", "export.file.duplicates", DuplicateHeaders, "kind=" + k, request, async (xlsx, unmasked, token) =>
        {
            var groupNumber = 0;
            string? lastKey = null;
            await foreach (var r in queries.Rows(user, k).AsAsyncEnumerable().WithCancellation(token))
            {
                var key = r.GroupKey(k);
                if (key != lastKey) groupNumber++;
                lastKey = key;
                xlsx.WriteRow([groupNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, Id(r.IdNumber, unmasked),
                    PhoneOf(r.Phone, unmasked), runner.Header("sex." + r.Sex), Date(r.BirthDate), r.HukouCountyCode, r.CommunityCode,
                    Date(r.ArrivalDate), runner.Header("search.status." + r.Status)]);
            }
        }, ct);
    }

    static string Id(string id, bool unmasked) => unmasked ? id : Masking.IdNumber(id);
    static string PhoneOf(string? phone, bool unmasked) => unmasked ? phone ?? "" : Masking.Phone(phone);
    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
