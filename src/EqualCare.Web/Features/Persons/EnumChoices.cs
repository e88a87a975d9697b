using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Features.Persons;

/// <summary>Options of a code list, labelled from the UI strings "<c>prefix.Member</c>".</summary>
public static class EnumChoices
{
    public static IReadOnlyList<Choice> Of<T>(IStringLocalizer localizer, string prefix) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => new Choice(Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)
            .ToString(System.Globalization.CultureInfo.InvariantCulture), localizer[prefix + "." + v])).ToList();
}
