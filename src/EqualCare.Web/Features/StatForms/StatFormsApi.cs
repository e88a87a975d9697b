using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.StatForms;

/// <summary>The id of the form opened (or already open) for the unit and period.</summary>
public sealed record StatFormOpened(long Id);

/// <summary>The form's version after the change, for the next change (optimistic concurrency).</summary>
public sealed record StatFormVersion(int Version);

public static class StatFormsApi
{
    public static IServiceCollection AddStatForms(this IServiceCollection services) =>
        services.AddScoped<StatFormSources>().AddScoped<StatFormHandler>().AddScoped<StatFormWorkbook>();

    public static IEndpointRouteBuilder MapStatFormsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/statforms").WithTags("Statistics forms").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListStatForms").Produces<IReadOnlyList<StatFormSummary>>().ProducesErrors()
            .WithSummary("The statistics forms in scope for the period start..end (dates), by level and org unit.");
        group.MapPost("/", OpenAsync).WithName("OpenStatForm").Produces<StatFormOpened>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Opens the user's own form for the period {start, end}, creating it filled from its sources when new; answers its id.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetStatForm").Produces<StatFormView>().ProducesErrors(StatusCodes.Status404NotFound)
            .WithSummary("One form: its 16 columns (base units and the form's unit), the forms below it, its history and what the user may do.");
        group.MapPut("/{id:long}", SaveAsync).WithName("SaveStatForm").Produces<StatFormVersion>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Stores the figures with no source (values by column code, whole natural units), 备注, 填表人 and 负责人 of a draft or returned form.");
        group.MapPost("/{id:long}/submit", (HttpContext h, StatFormHandler s, IStringLocalizer l, long id, ReviewRequest? r, CancellationToken ct) =>
            TransitionAsync(h, s, l, id, StatFormAction.Submit, r, ct)).WithName("SubmitStatForm").Produces<StatFormVersion>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Submits the user's own form one level up; an upper form with units below not approved needs a reason (未报单位).");
        group.MapPost("/{id:long}/approve", (HttpContext h, StatFormHandler s, IStringLocalizer l, long id, ReviewRequest? r, CancellationToken ct) =>
            TransitionAsync(h, s, l, id, StatFormAction.Approve, r, ct)).WithName("ApproveStatForm").Produces<StatFormVersion>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Approves a submitted form of a unit directly below the user's; its figures are then locked and count in the user's form.");
        group.MapPost("/{id:long}/return", (HttpContext h, StatFormHandler s, IStringLocalizer l, long id, ReviewRequest? r, CancellationToken ct) =>
            TransitionAsync(h, s, l, id, StatFormAction.Return, r, ct)).WithName("ReturnStatForm").Produces<StatFormVersion>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Returns a submitted form of a unit directly below the user's with a reason (required).");
        group.MapPost("/{id:long}/reopen", (HttpContext h, StatFormHandler s, IStringLocalizer l, long id, ReviewRequest? r, CancellationToken ct) =>
            TransitionAsync(h, s, l, id, StatFormAction.Reopen, r, ct)).WithName("ReopenStatForm").Produces<StatFormVersion>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Reopens the user's own submitted or approved form with a reason (required), e.g. to count a unit below approved late; refused while the form above it is submitted or approved.");
        app.MapGet("/StatForms/{id:long}/xlsx", WorkbookAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    static async Task<IResult> ListAsync(HttpContext http, StatFormHandler handler, DateOnly start, DateOnly end, CancellationToken ct) =>
        TypedResults.Ok(await handler.ListAsync(http.CurrentUser(), start, end, ct));

    static async Task<IResult> OpenAsync(HttpContext http, StatFormHandler handler, IStringLocalizer localizer, OpenRequest request,
        CancellationToken ct)
    {
        var result = await handler.OpenAsync(http.CurrentUser(), request.Start, request.End, ct);
        return result.IsSuccess ? TypedResults.Ok(new StatFormOpened(result.Value)) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> GetAsync(HttpContext http, StatFormHandler handler, IStringLocalizer localizer, long id, CancellationToken ct) =>
        (await handler.GetAsync(http.CurrentUser(), id, ct)).ToOk(localizer);

    static async Task<IResult> SaveAsync(HttpContext http, StatFormHandler handler, IStringLocalizer localizer, long id, StatFormInput input,
        CancellationToken ct)
    {
        var result = await handler.SaveAsync(http.CurrentUser(), id, input, ct);
        return result.IsSuccess ? TypedResults.Ok(new StatFormVersion(result.Value)) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> TransitionAsync(HttpContext http, StatFormHandler handler, IStringLocalizer localizer, long id,
        StatFormAction action, ReviewRequest? request, CancellationToken ct)
    {
        var result = await handler.TransitionAsync(http.CurrentUser(), id, action, request?.Reason, request?.Version, ct);
        return result.IsSuccess ? TypedResults.Ok(new StatFormVersion(result.Value)) : result.Error.ToProblem(localizer);
    }

    static async Task<IResult> WorkbookAsync(HttpContext http, StatFormHandler handler, StatFormWorkbook workbook, AuditLog audit, long id,
        CancellationToken ct)
    {
        var user = http.CurrentUser();
        var form = await handler.GetAsync(user, id, ct);
        var entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A download leaves the system with the unit's figures (issue 14 point 18): audited, and so is a refusal.
        if (!form.IsSuccess)
        {
            await audit.RecordAsync("export", "statform", entityId, AuditOutcome.Refused, $"unit={user.Org.Value}; format=xlsx; not found or outside scope",
                user.UserName, ct);
            return TypedResults.NotFound();
        }
        var bytes = workbook.Write(form.Value);
        await audit.RecordAsync("export", "statform", entityId, detail: string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"unit={user.Org.Value}; org={form.Value.OrgCode}; period={form.Value.PeriodStart:yyyy-MM-dd}..{form.Value.PeriodEnd:yyyy-MM-dd}; format=xlsx"),
            userName: user.UserName, ct: ct);
        var name = $"统计表-{form.Value.OrgName}-{form.Value.PeriodStart:yyyyMMdd}-{form.Value.PeriodEnd:yyyyMMdd}.xlsx";
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }
}
