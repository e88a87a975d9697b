using System.Text.RegularExpressions;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Cases;
using EqualCare.Web.Domain.Schedules;
using EqualCare.Web.Domain.Services;
using EqualCare.Web.Domain.Statistics;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Admin.Audit;

/// <summary>
/// An audit row's detail as the audit page shows it. The stored detail is kept exactly as written (the log is
/// append-only); the page names its <c>key=value</c> parts in words — "role=street" reads 角色：街道管理员, a kind its service
/// name, a status its label — so that no internal code reaches the page. Text without that shape is shown as it is.
/// </summary>
public static partial class AuditDetailText
{
    public static string Describe(string? detail, IStringLocalizer localizer)
    {
        if (string.IsNullOrEmpty(detail)) return "";
        return Pair().Replace(detail, m =>
        {
            var key = m.Groups[1].Value;
            var value = m.Groups[2].Value;
            var label = localizer["audit.key." + key];
            if (label.ResourceNotFound) return m.Value;
            return label.Value + localizer["audit.key.separator"].Value + Value(key, value, localizer);
        });
    }

    static string Value(string key, string value, IStringLocalizer localizer)
    {
        string Named(string prefix)
        {
            var text = localizer[prefix + value];
            return text.ResourceNotFound ? value : text.Value;
        }
        return key switch
        {
            "role" => Named("role."),
            "sex" => Named("sex."),
            "status" when Enum.TryParse<CaseStatus>(value, out _) => Named("search.status."),
            "flow" => Named("search.flow."),
            "id_state" => Named("case.idState."),
            "name" => Named("audit.value.name."),
            "kind" or "decision" => Kind(value),
            "movement" => Named("movements.kind."),
            // The filters of a list view (issue 14 point 18), each in the words its own page uses.
            "issue" => Named("dataQuality.issue."),
            "duplicateKind" => Named("duplicates.kind."),
            "group" => Named("worklist.group."),
            "scope" => Named("worklist.scope."),
            "view" => value == "all" ? Named("worklist.view.") : Named("worklist.count."),
            "q" or "search" => Named("audit.value.q."),
            "outcome" => Named("audit.outcome."),
            "action" => Named("audit.action."),
            "entity" => Named("audit.entity."),
            _ => value,
        };
    }

    /// <summary>A kind in a detail is a to-do item, a service or an activity kind; "all" is every kind.</summary>
    static string Kind(string value)
    {
        if (Enum.TryParse<CareKind>(value, out var care) && care != CareKind.Immunisation) return DomainText.Of(ServiceNames.Item(care));
        if (Enum.TryParse<ServiceKind>(value, out var service)) return DomainText.Of(ServiceNames.Chinese(service));
        if (Enum.TryParse<ActivityKind>(value, out var activity)) return DomainText.Of(ActivityKinds.Chinese(activity));
        return value == "all" ? DomainText.Of("全部") : value;
    }

    [GeneratedRegex(@"\b([a-z][a-zA-Z_]*)=([^\s;,]*)")]
    private static partial Regex Pair();
}
