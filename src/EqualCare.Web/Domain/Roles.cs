namespace EqualCare.Web.Domain;

/// <summary>What a user may do; which records they may see comes from their org unit (see <see cref="OrgCode"/>).</summary>
public static class Roles
{
    /// <summary>社区专干: reads and writes the persons of its community.</summary>
    public const string Community = "community";
    /// <summary>街道管理员: its communities, approvals.</summary>
    public const string Street = "street";
    /// <summary>区/市管理员: reads everything below, manages targets.</summary>
    public const string District = "district";
    /// <summary>系统管理员: users, org units, audit. Sees no person records (separation of duties, 等保 三级).</summary>
    public const string SystemAdmin = "sysadmin";

    public static readonly IReadOnlyList<string> All = [Community, Street, District, SystemAdmin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    public static bool CanReadPersons(string role) => role is Community or Street or District;

    /// <summary>District and city offices read and allocate; the case is written where the person lives.</summary>
    public static bool CanWritePersons(string role) => role is Community or Street;

    /// <summary>Resource key of the role's Chinese/English name.</summary>
    public static string NameKey(string role) => "role." + role;
}
