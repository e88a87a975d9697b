namespace EqualCare.Web.Domain;

/// <summary>GB/T 2261.1 sex codes: 1 男, 2 女.</summary>
public enum Sex : short
{
    Male = 1,
    Female = 2,
}
