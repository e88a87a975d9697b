using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.IdNumbers;
using EqualCare.Web.Domain.Indicators;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Surveys;

/// <summary>One person's answers to the two survey questions (政策知晓, 服务满意), as entered by a worker.</summary>
public sealed record SurveyRequest(string? IdNumber, DateOnly? AnsweredOn, bool? PolicyKnown, bool? Satisfied);

public sealed record SurveyRecorded(long Id, long PersonId, DateOnly AnsweredOn);

/// <summary>
/// Records a survey answer for a person of the worker's scope (found by ID number). Answers are append-only: a second
/// answer in the same period is a new row and the latest one counts (政策知晓率, 服务满意率).
/// </summary>
public sealed class SurveyHandler(EqualCareDb db, AuditLog audit, TimeProvider clock)
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public async Task<Result<SurveyRecorded>> RecordAsync(CurrentUser user, SurveyRequest request, CancellationToken ct)
    {
        if (!user.CanWritePersons) return Error.NotFound("survey.person.notFound");
        if (string.IsNullOrWhiteSpace(request.IdNumber)) return Error.Validation("survey.idNumber.required", "IdNumber");
        if (request.AnsweredOn is not { } day) return Error.Validation("survey.date.required", "AnsweredOn");
        if (day > clock.Today()) return Error.Validation("survey.date.future", "AnsweredOn");
        if (day < Earliest) return Error.Validation("survey.date.bad", "AnsweredOn");
        if (request.PolicyKnown is not { } known || request.Satisfied is not { } satisfied)
            return Error.Validation("survey.answers.required", string.Empty);

        var number = IdNumberValidator.Normalize(request.IdNumber.Trim());
        var person = await db.Persons.AsNoTracking().InScopeOf(user)
            .Where(p => p.IdNumber == number && p.MergedIntoId == null)
            .Select(p => new { p.Id, p.CommunityCode })
            .FirstOrDefaultAsync(ct);
        if (person is null) return Error.NotFound("survey.person.notFound");

        var row = new SurveyResponse
        {
            PersonId = person.Id, CommunityCode = person.CommunityCode, AnsweredOn = day, PolicyKnown = known, Satisfied = satisfied,
            RecordedAt = clock.UtcNow(), RecordedBy = user.UserName,
        };
        db.SurveyResponses.Add(row);
        await audit.SaveWithAsync(AuditLog.Actions.Create, "survey", () => row.Id.ToString(CultureInfo.InvariantCulture),
            detail: "person " + person.Id.ToString(CultureInfo.InvariantCulture), userName: user.UserName, ct: ct);
        return new SurveyRecorded(row.Id, person.Id, day);
    }
}
