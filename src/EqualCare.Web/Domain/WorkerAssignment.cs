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
    /// <summary>号楼 first; 栋, 幢 and 座 only after a number or a letter (金座花园 is an estate, not a building).</summary>
    static readonly string[] Markers = ["号楼", "栋", "幢", "座"];

    public static string? Of(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var a = address.Trim();
        foreach (var m in Markers)
        {
            for (var i = a.IndexOf(m, StringComparison.Ordinal); i > 0; i = a.IndexOf(m, i + 1, StringComparison.Ordinal))
                if (m == "号楼" || char.IsAsciiLetterOrDigit(a[i - 1]) || "一二三四五六七八九十".Contains(a[i - 1], StringComparison.Ordinal))
                    return a[..(i + m.Length)];
        }
        return null;
    }
}
