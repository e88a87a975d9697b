namespace EqualCare.Web.Domain.Statistics;

/// <summary>
/// Draft → Submitted → (Returned → Submitted)* → Approved. An approved form's figures are locked; it opens again (Returned) only
/// when its own office reopens it, which is refused while the form above it is submitted or approved.
/// </summary>
public enum StatFormState : short
{
    Draft = 1,
    Submitted = 2,
    Returned = 3,
    Approved = 4,
}

public enum StatFormAction : short
{
    Submit = 1,
    Approve = 2,
    Return = 3,
    /// <summary>The office reopens its own submitted or approved form (to count a late unit below it), with a reason.</summary>
    Reopen = 4,
}

/// <summary>
/// Who may do what to a statistics form, as a pure rule. The office a form belongs to fills and submits it; the office one
/// level up (the street for a community, the district for a street, the city for a district) approves or returns it. A
/// refusal is an error code that is also the UI-string key of its message.
/// While the form above a form (the same period's form of the office one level up) is submitted or approved, the form can no
/// longer change in any way: what the upper form summed and listed stays what it shows. The upper office first reopens its own
/// form (<see cref="StatFormAction.Reopen"/>), which in turn is refused while the form above that one is submitted or approved.
/// </summary>
public static class StatFormWorkflow
{
    /// <summary>The role that fills the forms of a unit of this level: 社区专干, 街道, 区/市.</summary>
    public static string? OwnerRole(int level) => level switch
    {
        5 => Roles.Community,
        4 => Roles.Street,
        3 or 2 => Roles.District,
        _ => null,
    };

    public static bool IsOwner(string role, OrgCode user, OrgCode form) => user == form && OwnerRole(form.Level) == role;

    public static bool IsReviewer(string role, OrgCode user, OrgCode form) =>
        form.Parent is { } parent && user == parent && OwnerRole(parent.Level) == role;

    public static bool CanEdit(StatFormState state) => state is StatFormState.Draft or StatFormState.Returned;

    /// <summary>A form whose upper form is in this state (null: there is none yet) may not change.</summary>
    public static bool UpperLocks(StatFormState? upper) => upper is StatFormState.Submitted or StatFormState.Approved;

    public const string UpperLocked = "statform.upper.locked";

    /// <summary>The state after <paramref name="action"/>, or the code of the refusal.</summary>
    /// <param name="upper">The state of the form above this one for the same period, null when the upper office has none.</param>
    public static (StatFormState? Next, string? Refusal) Apply(StatFormState state, StatFormAction action, string role, OrgCode user,
        OrgCode form, string? reason, StatFormState? upper = null)
    {
        switch (action)
        {
            case StatFormAction.Submit:
                if (!IsOwner(role, user, form)) return (null, "statform.forbidden.submit");
                if (UpperLocks(upper)) return (null, UpperLocked);
                if (!CanEdit(state)) return (null, Locked(state));
                return (StatFormState.Submitted, null);
            case StatFormAction.Approve:
            case StatFormAction.Return:
                if (!IsReviewer(role, user, form)) return (null, "statform.forbidden.review");
                if (UpperLocks(upper)) return (null, UpperLocked);
                if (state != StatFormState.Submitted) return (null, state == StatFormState.Approved ? "statform.locked" : "statform.notSubmitted");
                if (action == StatFormAction.Return && string.IsNullOrWhiteSpace(reason)) return (null, "statform.reason.required");
                return (action == StatFormAction.Approve ? StatFormState.Approved : StatFormState.Returned, null);
            case StatFormAction.Reopen:
                if (!IsOwner(role, user, form)) return (null, "statform.forbidden.reopen");
                if (UpperLocks(upper)) return (null, UpperLocked);
                if (CanEdit(state)) return (null, "statform.notSubmitted");
                if (string.IsNullOrWhiteSpace(reason)) return (null, "statform.reason.required");
                return (StatFormState.Returned, null);
            default:
                return (null, "statform.action.bad");
        }
    }

    /// <summary>Why a form's figures cannot be changed now, or null when they can.</summary>
    public static string? EditRefusal(StatFormState state, string role, OrgCode user, OrgCode form, StatFormState? upper = null) =>
        !IsOwner(role, user, form) ? "statform.forbidden.edit" : UpperLocks(upper) ? UpperLocked : CanEdit(state) ? null : Locked(state);

    static string Locked(StatFormState state) => state == StatFormState.Approved ? "statform.locked" : "statform.submitted";
}
