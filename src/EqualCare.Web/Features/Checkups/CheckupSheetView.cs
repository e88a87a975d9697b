using System.Globalization;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;

namespace EqualCare.Web.Features.Checkups;

/// <summary>Opens a sheet for a person (page or API) and audits it: the sheet names women, so every opening is logged.</summary>
public sealed class CheckupSheetView(CheckupSheetQuery query, AuditLog audit)
{
    public async Task<Result<CheckupSheet>> ForAsync(CurrentUser user, long id, CancellationToken ct)
    {
        var sheet = await query.ForAsync(user, id, ct);
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        if (sheet is null)
        {
            await audit.RecordAsync(AuditLog.Actions.View, "checkup_day", entityId, AuditOutcome.Refused, "not found or outside scope", ct: ct);
            return Error.NotFound("checkup.notFound");
        }
        // Internal ids only: names and ID numbers never go into the log.
        await audit.RecordAsync(AuditLog.Actions.View, "checkup_day", entityId,
            detail: "sheet persons=" + string.Join(",", sheet.Rows.Select(r => r.PersonId.ToString(CultureInfo.InvariantCulture))), ct: ct);
        return sheet;
    }
}
