namespace EqualCare.Web.Web;

/// <summary>The "EqualCare" configuration section.</summary>
public sealed class EqualCareOptions
{
    public const string Section = "EqualCare";

    /// <summary>Demo mode: demo users with a shown password and synthetic persons. Never in production.</summary>
    public bool Demo { get; set; }

    /// <summary>Password of the demo accounts (demo mode only).</summary>
    public string DemoPassword { get; set; } = "EqualCare2026";

    /// <summary>How many synthetic persons demo mode generates into an empty database.</summary>
    public int DemoPersons { get; set; } = 2000;

    /// <summary>First administrator's password in production; when empty one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Province loaded on first start (two digits); 41 = 河南省.</summary>
    public string DefaultProvince { get; set; } = "41";
}
