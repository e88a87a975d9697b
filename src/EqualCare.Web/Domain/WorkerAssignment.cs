namespace EqualCare.Web.Domain;

/// <summary>
/// A person given to a community worker (分片包干) by her street office. At most one row per person is current (EndedAt
/// null); a reassignment ends it and appends the next, so who had her when stays on record.
/// </summary>
public sealed class WorkerAssignment
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The person's community when assigned: the worker's unit, and the scope key of the row.</summary>
    public required string CommunityCode { get; set; }
    public long WorkerId { get; set; }
    /// <summary>The building she was assigned with (大学路12号院3号楼), or null when picked one by one.</summary>
    public string? Building { get; set; }
    public DateTime AssignedAt { get; set; }
    public required string AssignedBy { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndedBy { get; set; }
}

/// <summary>
/// The building part of a residence address (现居住地址), as workers write it and the import template shows it:
/// road and number, compound (号院/小区), then the building (号楼, 栋, 幢, 座); the unit (单元) and room that follow are dropped.
/// Null when the address names no building (a bungalow yard, a work site): such persons are assigned one by one.
/// </summary>
public static class Building
{
    static readonly string[] Markers = ["号楼", "栋", "幢", "座"];

    public static string? Of(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var a = address.Trim();
        var end = -1;
        foreach (var m in Markers)
        {
            var i = a.IndexOf(m, StringComparison.Ordinal);
            if (i > 0 && (end < 0 || i + m.Length < end)) end = i + m.Length;
        }
        return end > 0 ? a[..end] : null;
    }
}
