namespace EqualCare.Web.Domain.Services;

/// <summary>A failed check: the UI-string key of its message and the field it is about.</summary>
public sealed record ServiceProblem(string MessageKey, string Field);
