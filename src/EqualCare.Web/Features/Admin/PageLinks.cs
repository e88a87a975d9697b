using Microsoft.AspNetCore.WebUtilities;

namespace EqualCare.Web.Features.Admin;

public static class PageLinks
{
    /// <summary>A link that keeps the current filters; empty filters are left out so the address stays short.</summary>
    public static string With(string path, params (string Key, string? Value)[] query) =>
        QueryHelpers.AddQueryString(path, query
            .Where(q => !string.IsNullOrEmpty(q.Value))
            .Select(q => KeyValuePair.Create(q.Key, q.Value)));
}
