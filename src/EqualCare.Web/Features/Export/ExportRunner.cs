using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Persons;
using EqualCare.Web.Web;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Export;

/// <summary>Masked unless asked otherwise; an unmasked export needs the reveal permission and a reason.</summary>
public sealed record ExportRequest(bool Unmasked, string? Reason)
{
    public const int MaxReasonLength = 200;
}

/// <summary>
/// Runs one export: checks the permission, writes the workbook to a temporary file (the rows stream from the database
/// into it), audits the export with its filter and row count, then sends the file. The audit row is committed before a
/// single byte of data leaves the server.
/// </summary>
public sealed class ExportRunner(AuditLog audit, JsonStringLocalizerFactory strings, IStringLocalizer localizer, TimeProvider clock)
{
    public const string AuditAction = "export";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Export headers are Chinese whatever the user's language: the files go to offices and to other systems.</summary>
    public string Header(string key) => strings.Table(JsonStringLocalizerFactory.DefaultCulture).GetValueOrDefault(key, key);

    public async Task<IResult> RunAsync(CurrentUser user, string entity, string fileStem, IReadOnlyList<string> headerKeys,
        string filter, ExportRequest request, Func<XlsxWriter, bool, CancellationToken, Task> writeRows, CancellationToken ct)
    {
        if (!user.CanReadPersons) return TypedResults.NotFound();
        var reason = request.Reason?.Trim();
        if (request.Unmasked)
        {
            if (!PersonReveal.MayReveal(user))
            {
                await audit.RecordAsync(AuditAction, entity, null, Domain.AuditOutcome.Refused, "unmasked refused: role; " + filter, ct: ct);
                return TypedResults.NotFound();
            }
            if (string.IsNullOrEmpty(reason)) return Error.Validation("export.reasonRequired", "reason").ToProblem(localizer);
            if (reason.Length > ExportRequest.MaxReasonLength) return Error.Validation("export.reasonTooLong", "reason").ToProblem(localizer);
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            int rows;
            using (var xlsx = XlsxWriter.Create(file, Header("export.sheet"), headerKeys.Select(Header).ToList()))
            {
                await writeRows(xlsx, request.Unmasked, ct);
                xlsx.Finish();
                rows = xlsx.RowsWritten;
            }
            var detail = request.Unmasked ? $"unmasked; reason={reason}; {filter}; rows={rows}" : $"masked; {filter}; rows={rows}";
            await audit.RecordAsync(AuditAction, entity, null, detail: detail, ct: ct);
            file.Position = 0;
            var stamp = ChinaClock.ToBeijing(clock.UtcNow()).ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.File(file, ContentType, $"{Header(fileStem)}-{stamp}.xlsx");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
