using System.Globalization;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Export;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Indicators;

public static class IndicatorsSetup
{
    static readonly string[] TableHeaders =
    [
        "indicators.col.unitCode", "indicators.col.unit", "indicators.col.period", "indicators.col.code", "indicators.indicator",
        "indicators.numerator", "indicators.denominator", "indicators.col.rate", "indicators.col.target", "indicators.col.status",
    ];

    static readonly string[] DrillHeaders =
    [
        "indicators.name", "indicators.idNumber", "indicators.sex", "indicators.birthDate", "indicators.community", "indicators.inNumerator",
    ];

    public static IServiceCollection AddIndicators(this IServiceCollection services) => services
        .AddScoped<IndicatorEngine>()
        .AddScoped<KeptFacts>()
        .AddScoped<FiguresKeeper>()
        .AddScoped<IndicatorTargets>()
        .AddScoped<IndicatorReport>()
        .AddScoped<IndicatorDrill>();

    /// <summary>The kept figures moved by each save's difference, in its transaction (<see cref="IndicatorKeepingInterceptor"/>).</summary>
    public static IServiceCollection AddIndicatorKeeping(this IServiceCollection services) =>
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, IndicatorKeepingInterceptor>();

    /// <summary>
    /// The figures of the periods users open kept ahead of them, at start and daily (<see cref="FiguresKeepingService"/>);
    /// off with EqualCare:Indicators:KeepFigures=false.
    /// </summary>
    public static IServiceCollection AddFiguresKeeping(this IServiceCollection services)
    {
        services.AddOptions<IndicatorOptions>().BindConfiguration(IndicatorOptions.Section);
        return services.AddHostedService<FiguresKeepingService>();
    }

    public static IEndpointRouteBuilder MapIndicators(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/indicators", async (HttpContext http, IndicatorReport report, IStringLocalizer localizer, string? unit, string? period,
                CancellationToken ct) => (await report.TableAsync(http.CurrentUser(), unit, period, ct)).ToOk(IndicatorTableDto.From, localizer))
            .RequireAuthorization().WithTags("Indicators").WithName("GetIndicatorTable")
            .WithSummary("The indicator table of a unit in the caller's scope (the caller's own unit by default) for a period (this quarter by default).")
            .Produces<IndicatorTableDto>().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var export = app.MapGroup("/Indicators").RequireAuthorization().ExcludeFromDescription();
        export.MapGet("/Export", Table);
        export.MapGet("/{code}/Drill/Export", (HttpContext http, ExportRunner runner, IndicatorDrill drill, string code, string? unit,
            string? period, string? list, CancellationToken ct) => Drill(http, runner, drill, code, unit, period, list, new ExportRequest(false, null), ct));
        export.MapPost("/{code}/Drill/Export", (HttpContext http, ExportRunner runner, IndicatorDrill drill, string code, string? unit,
            string? period, string? list, [FromForm] ExportRequest request, CancellationToken ct) => Drill(http, runner, drill, code, unit, period, list, request, ct))
            // It unmasks ID numbers: a cookie request is checked by UseCookieAntiforgery, a bearer one needs no token.
            .DisableAntiforgery();
        return app;
    }

    /// <summary>The table as rows of unit × indicator: no person in it, so nothing to mask.</summary>
    static async Task<IResult> Table(HttpContext http, ExportRunner runner, IndicatorReport report, string? unit, string? period,
        CancellationToken ct)
    {
        var user = http.CurrentUser();
        var result = await report.TableAsync(user, unit, period, ct);
        if (!result.IsSuccess) return result.Error.Kind == ErrorKind.NotFound ? TypedResults.NotFound() : TypedResults.BadRequest();
        var t = result.Value;
        return await runner.RunAsync(user, "indicators", "indicators.file.table", TableHeaders, $"unit={t.UnitCode};period={t.Period.Key}",
            new ExportRequest(false, null), (xlsx, _, _) =>
            {
                foreach (var row in t.Children.Prepend(t.Total))
                    for (var i = 0; i < t.Indicators.Count; i++)
                    {
                        var d = t.Indicators[i];
                        var f = row.Figures[i];
                        var target = t.Targets[d.Code];
                        xlsx.WriteRow([row.Code, row.Name, t.Period.ChineseLabel, d.Code, d.NameZh, Number(f.Numerator), Number(f.Denominator),
                            f.RatePercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", target.TargetPercent?.ToString("0.#", CultureInfo.InvariantCulture) ?? "",
                            runner.Header("indicators.rag." + target.Judge(f.RatePercent))]);
                    }
                return Task.CompletedTask;
            }, ct);
    }

    /// <summary>The persons behind a figure; masked unless a permitted user gives a reason (the export runner's rule, audited).</summary>
    static async Task<IResult> Drill(HttpContext http, ExportRunner runner, IndicatorDrill drill, string code, string? unit, string? period,
        string? list, ExportRequest request, CancellationToken ct)
    {
        var user = http.CurrentUser();
        var numeratorOnly = list == "numerator";
        var first = await drill.RowsAsync(user, code, unit, period, numeratorOnly, 0, 1, ct);
        if (!first.IsSuccess) return first.Error.Kind == ErrorKind.NotFound ? TypedResults.NotFound() : TypedResults.BadRequest();
        return await runner.RunAsync(user, "indicator-persons", "indicators.file.drill", DrillHeaders,
            $"indicator={code};unit={unit};period={period};list={(numeratorOnly ? "numerator" : "denominator")}", request, async (xlsx, unmasked, token) =>
            {
                const int batch = 5000;
                for (var skip = 0; ; skip += batch)
                {
                    var rows = (await drill.RowsAsync(user, code, unit, period, numeratorOnly, skip, batch, token)).Value;
                    foreach (var r in rows)
                        xlsx.WriteRow([r.Name, unmasked ? r.IdNumber : Masking.IdNumber(r.IdNumber), runner.Header("sex." + r.Sex),
                            r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.CommunityCode,
                            runner.Header(r.InNumerator ? "indicators.yes" : "indicators.no")]);
                    if (rows.Count < batch) break;
                }
            }, ct);
    }

    static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
