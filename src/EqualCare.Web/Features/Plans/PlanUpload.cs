using EqualCare.Web.Data;
using EqualCare.Web.Domain.Plans;
using EqualCare.Web.Domain;
using EqualCare.Web.Features.Import;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;

namespace EqualCare.Web.Features.Plans;

/// <summary>An uploaded allocation file: saved to a temporary file (the readers work on files), read whole, then allocated.</summary>
public sealed class PlanUpload(EqualCareDb db, PlanHandler handler, ImportSettings settings)
{
    public async Task<Result<PlanCreated>> AllocateAsync(CurrentUser user, long planId, int version, Stream content, string fileName,
        CancellationToken ct)
    {
        var plan = await db.Set<Plan>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || !PlanScope.CanSee(user, plan.OrgCode)) return Error.NotFound("plans.notFound");
        if (!PlanScope.CanManage(user, plan.OrgCode)) return Error.Forbidden("plans.allocate.forbidden");
        var measures = await db.Set<PlanMeasure>().AsNoTracking().Where(m => m.PlanId == planId).OrderBy(m => m.Position).ToListAsync(ct);
        var path = Path.Combine(Path.GetTempPath(), "equalcare-plan-" + Guid.NewGuid().ToString("N") + Path.GetExtension(fileName));
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                await CopyLimitedAsync(content, file, ct);
            }
            if (new FileInfo(path).Length == 0) return Error.Validation("plans.file.empty", fileName);
            var rows = PlanAllocationFile.Read(path, Path.GetFileName(fileName), measures, settings.Limits);
            if (!rows.IsSuccess) return rows.Error;
            return await handler.AllocateAsync(user, planId, new AllocationRequest(version, rows.Value), "file", ct);
        }
        catch (FileTooLargeException)
        {
            return Error.Validation("plans.file.tooLarge", fileName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static async Task CopyLimitedAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > PlanAllocationFile.MaxBytes) throw new FileTooLargeException();
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
        }
    }

    sealed class FileTooLargeException : Exception;
}
