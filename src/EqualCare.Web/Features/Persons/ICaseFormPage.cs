namespace EqualCare.Web.Features.Persons;

/// <summary>What the shared case form (_CaseFields) needs from the register and edit pages.</summary>
public interface ICaseFormPage
{
    CaseForm Form { get; }
    IReadOnlyList<Choice> Communities { get; }
    /// <summary>On edit the community is shown but changed only by a move (movement history).</summary>
    bool CommunityLocked { get; }
}
