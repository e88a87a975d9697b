using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

/// <summary>One problem of a refused case form, as the error summary lists it: the field's label, the message, the element to go to.</summary>
public sealed record CaseFormProblem(string Label, string Message, string? TargetId, string? FieldName);

/// <summary>
/// The error summary of the case form: every problem the rules found, in the order of the form, each linking to its field
/// (the element ids of _CaseFields), so that after a refused save she goes straight to what to correct.
/// </summary>
public static class CaseFormProblems
{
    /// <summary>Case fields in form order: the element that takes the value and the label's UI string.</summary>
    static readonly (string Field, string TargetId, string LabelKey)[] Fields =
    [
        ("Name", "Form_Name", "persons.name"), ("IdNumber", "IdNumber", "persons.idNumber"),
        ("IdOverrideReason", "Form_IdOverrideReason", "case.idOverrideReason"), ("Sex", "Sex", "persons.sex"),
        ("BirthDate", "BirthDate", "persons.birthDate"), ("Phone", "Form_Phone", "persons.phone"),
        ("HukouCountyCode", "HukouCountyCode", "case.hukouCounty"), ("CommunityCode", "Form_CommunityCode", "persons.community"),
        ("ArrivalDate", "Form_ArrivalDate", "persons.arrivalDate"), ("MaritalStatus", "MaritalStatus", "persons.maritalStatus"),
        ("MarriageDate", "Form_MarriageDate", "case.marriageDate"), ("SpouseId", "Form_SpouseId", "case.spouseId"),
        ("MotherId", "Form_MotherId", "case.motherId"), ("FatherId", "Form_FatherId", "case.fatherId"),
        ("ContraceptionMethod", "ContraceptionMethod", "case.contraceptionMethod"),
        ("ContraceptionStart", "Form_ContraceptionStart", "case.contraceptionStart"), ("PregnancyLmp", "Form_PregnancyLmp", "case.pregnancyLmp"),
        ("PregnancyOutcomeDate", "Form_PregnancyOutcomeDate", "case.pregnancyOutcomeDate"),
    ];

    public static IReadOnlyList<CaseFormProblem> From(ModelStateDictionary state, IStringLocalizer localizer, string prefix = "Form")
    {
        var problems = new List<CaseFormProblem>();
        foreach (var (field, target, label) in Fields)
            if (state.TryGetValue(prefix + "." + field, out var entry))
                problems.AddRange(entry.Errors.Select(e => new CaseFormProblem(localizer[label], e.ErrorMessage, target, prefix + "." + field)));
        // Problems of the form as a whole (or of a field the list does not know) are listed too, without a link.
        var known = Fields.Select(f => prefix + "." + f.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in state.Where(e => !known.Contains(e.Key)).Select(e => e.Value).OfType<ModelStateEntry>())
            problems.AddRange(entry.Errors.Select(e => new CaseFormProblem("", e.ErrorMessage, null, null)));
        return problems;
    }
}
