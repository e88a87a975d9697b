using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Plans;

public sealed record PlanTotalDto(int Target, int? Baseline, int? Goal, int Progress, decimal? Percent, int? Stated, int? Unallocated);

public sealed record PlanMeasureDto(long Id, int Position, string Label, PlanMeasureKind Kind, string? Operations, string Unit,
    DateOnly? WindowFrom, DateOnly? WindowTo, string? BaselineLabel, PlanTotalDto Total);

public sealed record PlanCellDto(int? Target, int? Baseline, int? Goal, int Progress, decimal? Percent);

/// <summary>A community's numbers; <c>Target</c> and <c>Progress</c> add its measures only where they may be added (附件 3), else null.</summary>
public sealed record PlanRowDto(string OrgCode, string Name, IReadOnlyList<PlanCellDto> Cells, int? Target, int? Progress);

public sealed record SnapshotDto(DateOnly Date, IReadOnlyList<SnapshotMeasureDto> Measures);

public sealed record SnapshotMeasureDto(int Target, int Progress);

/// <summary>
/// A plan with its table. Each measure carries its own totals; <c>Target</c>, <c>Progress</c> and <c>Stated</c> across the
/// measures are given only where the measures may be added (<c>RowTotal</c>, e.g. 附件 3's 四项手术), else null.
/// </summary>
public sealed record PlanDto(long Id, string Name, string OrgCode, string OrgName, DateOnly PeriodFrom, DateOnly PeriodTo, bool RowTotal,
    int Version, IReadOnlyList<PlanMeasureDto> Measures, IReadOnlyList<PlanRowDto> Rows, int? Target, int? Progress, int? Stated,
    IReadOnlyList<SnapshotDto> Snapshots)
{
    public static PlanDto From(PlanView v) => new(v.Plan.Id, v.Plan.Name, v.Plan.OrgCode, v.OrgName, v.Plan.PeriodFrom, v.Plan.PeriodTo,
        v.AddsUp, v.Plan.Version,
        v.Table.Measures.Select((m, i) => new PlanMeasureDto(m.Id, m.Position, m.Label, m.Kind, m.Operations, m.Unit, m.WindowFrom, m.WindowTo,
            m.BaselineLabel, Total(v.Table.Totals[i]))).ToList(),
        v.Table.Rows.Select(r => new PlanRowDto(r.OrgCode, v.Names.GetValueOrDefault(r.OrgCode, r.OrgCode),
            r.Cells.Select(c => new PlanCellDto(c.Target, c.Baseline, c.Goal, c.Progress, c.Percent)).ToList(),
            v.AddsUp ? r.Target : null, v.AddsUp ? r.Progress : null)).ToList(),
        v.AddsUp ? v.Table.Target : null, v.AddsUp ? v.Table.Progress : null, v.AddsUp ? v.Table.Stated : null,
        v.Snapshots.Select(s => new SnapshotDto(s.Date, s.Measures.Select(m => new SnapshotMeasureDto(m.Target, m.Progress)).ToList())).ToList());

    static PlanTotalDto Total(PlanTotal t) => new(t.Target, t.Baseline, t.Goal, t.Progress, t.Percent, t.Stated, t.Unallocated);
}

/// <summary>The id of the progress report appended.</summary>
public sealed record ProgressReported(long Id);

public static class PlansApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddOptions<PlanOptions>().BindConfiguration(PlanOptions.Section);
        services.AddScoped<PlanProgress>();
        services.AddScoped<PlanQueries>();
        services.AddScoped<PlanHandler>();
        services.AddScoped<PlanUpload>();
        services.AddScoped<PlanSnapshots>();
        services.AddHostedService<PlanSnapshotJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, PlanQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(http.CurrentUser(), ct)))
            .WithName("ListPlans").ProducesErrors().WithSummary("Plans (任务分配表) of the caller's street, or of the streets below the caller.");
        group.MapPost("/", CreateAsync).WithName("CreatePlan").Produces<PlanCreated>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Creates a plan of a 街道: name, period, measures (NewCases, Operations, Checkups, DuplicatesCleared, Entered). Street and district offices only.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetPlan").Produces<PlanDto>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("The allocation table with progress per community, the totals row with percentages, and the snapshot history.");
        group.MapPut("/{id:long}/allocations", AllocateAsync).WithName("AllocatePlan").Produces<PlanCreated>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Replaces the allocation: one row per community with a target per measure (null = none). One bad row changes nothing.");
        group.MapPost("/{id:long}/allocations/file", UploadAsync).WithName("UploadPlanAllocation").Produces<PlanCreated>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Replaces the allocation from the filled-in template (.xlsx or .csv); form fields file and version.")
            // Bearer clients carry no antiforgery token; a cookie request is checked by UseCookieAntiforgery.
            .DisableAntiforgery()
            .WithMetadata(new UploadLimitAttribute(PlanAllocationFile.MaxBytes + 64 * 1024));
        group.MapGet("/{id:long}/allocations/template", TemplateAsync).WithName("PlanAllocationTemplate").Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("The allocation template as .xlsx: every community of the street, prefilled with the current numbers.");
        group.MapPost("/{id:long}/progress", ReportAsync).WithName("ReportPlanProgress").Produces<ProgressReported>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("Appends a community's reported figure (cumulative, as of a date) for an Entered measure.");
        return app;
    }

    static async Task<IResult> CreateAsync(HttpContext http, PlanHandler handler, IStringLocalizer localizer, PlanRequest request,
        CancellationToken ct)
    {
        var result = await handler.CreateAsync(http.CurrentUser(), request, ct);
        return result.IsSuccess ? TypedResults.Created($"/api/plans/{result.Value.Id}", result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> GetAsync(HttpContext http, PlanQueries queries, IStringLocalizer localizer, long id, CancellationToken ct)
    {
        var result = await queries.GetAsync(http.CurrentUser(), id, ct);
        return result.IsSuccess ? TypedResults.Ok(PlanDto.From(result.Value)) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> AllocateAsync(HttpContext http, PlanHandler handler, IStringLocalizer localizer, long id,
        AllocationRequest request, CancellationToken ct)
    {
        var result = await handler.AllocateAsync(http.CurrentUser(), id, request, "api", ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> UploadAsync(HttpContext http, PlanUpload upload, IStringLocalizer localizer, long id, IFormFile? file,
        [FromForm] int version, CancellationToken ct)
    {
        if (file is null) return Error.Validation("plans.file.missing", "file").ToProblem(localizer);
        await using var content = file.OpenReadStream();
        var result = await upload.AllocateAsync(http.CurrentUser(), id, version, content, file.FileName, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> TemplateAsync(HttpContext http, PlanQueries queries, Data.EqualCareDb db, long id, CancellationToken ct)
    {
        var bytes = await TemplateBytesAsync(http.CurrentUser(), queries, db, id, ct);
        return bytes is null ? TypedResults.NotFound() : TypedResults.File(bytes, XlsxType, $"plan-{id}-allocation.xlsx");
    }

    /// <summary>The template of a plan the user may allocate; null otherwise.</summary>
    public static async Task<byte[]?> TemplateBytesAsync(CurrentUser user, PlanQueries queries, Data.EqualCareDb db, long id, CancellationToken ct)
    {
        var plan = await db.Set<Plan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null || !PlanScope.CanManage(user, plan.OrgCode)) return null;
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => m.PlanId == id).OrderBy(m => m.Position).ToListAsync(ct);
        var current = await db.Set<PlanAllocation>().AsNoTracking().Where(a => a.PlanId == id).ToListAsync(ct);
        using var buffer = new MemoryStream();
        PlanAllocationFile.WriteTemplate(buffer, measures, await queries.CommunitiesAsync(plan.OrgCode, ct), current);
        return buffer.ToArray();
    }

    static async Task<IResult> ReportAsync(HttpContext http, PlanHandler handler, IStringLocalizer localizer, long id, ProgressRequest request,
        CancellationToken ct)
    {
        var result = await handler.ReportAsync(http.CurrentUser(), id, request, ct);
        return result.IsSuccess ? TypedResults.Created($"/api/plans/{id}", new ProgressReported(result.Value)) : result.Error.ToProblem(localizer);
    }
}
