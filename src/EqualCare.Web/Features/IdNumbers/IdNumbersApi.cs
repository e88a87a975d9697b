using EqualCare.Web.Domain;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.IdNumbers;

public sealed record IdCheckView(string Check, string Outcome, string Message);

/// <summary>What <c>GET /api/id-numbers/{number}</c> answers; messages in the caller's language (Chinese by default).</summary>
public sealed record IdNumberView(
    string Input, string? Normalized, bool Valid, bool Placeholder, bool UpgradedFrom15, IReadOnlyList<IdCheckView> Checks,
    DateOnly? BirthDate, string? Sex, string? SexName, string? AreaCode, string? AreaName, IReadOnlyList<string> Messages);

public static class IdNumbersApi
{
    public static IServiceCollection AddIdNumbers(this IServiceCollection services) => services.AddSingleton<AreaCodeDirectory>();

    public static IEndpointRouteBuilder MapIdNumbersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/id-numbers/{number}", Check).WithTags("IdNumbers").RequireAuthorization()
            .WithName("CheckIdNumber").ProducesErrors()
            .WithSummary("GB 11643 check of an ID number: normalised number, each check's result, birth date, sex, county.");
        return app;
    }

    /// <remarks>The number travels in the path of an authenticated request and is never logged by the app.</remarks>
    static IdNumberView Check(string number, AreaCodeDirectory areas, TimeProvider clock, IStringLocalizer localizer) =>
        Describe(IdNumberValidator.Analyze(number, clock.Today(), areas.Status), areas, localizer);

    public static IdNumberView Describe(IdNumberAnalysis a, AreaCodeDirectory areas, IStringLocalizer localizer)
    {
        var checks = a.Checks.Select(c => new IdCheckView(c.Check.ToString(), c.Outcome.ToString(), localizer[c.MessageKey])).ToList();
        var messages = a.Checks.Where(c => c.Outcome is CheckOutcome.Failed or CheckOutcome.Warning)
            .Select(c => localizer[c.MessageKey].Value).ToList();
        return new IdNumberView(a.Input, a.Normalized, a.IsValid, a.IsPlaceholder, a.WasUpgradedFrom15, checks, a.BirthDate,
            a.Sex?.ToString(), a.Sex is { } s ? localizer["sex." + s].Value : null, a.AreaCode, areas.Name(a.AreaCode), messages);
    }
}
