using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace EqualCare.Web.Web;

/// <summary>
/// UI strings from Resources/&lt;Area&gt;.&lt;culture&gt;.json (embedded). Every area's file is merged into one table per
/// culture, so a feature adds its own file and never edits another's. zh-CN is the default and the fallback.
/// </summary>
public sealed class JsonStringLocalizerFactory : IStringLocalizerFactory
{
    public const string DefaultCulture = "zh-CN";
    public static readonly string[] Cultures = [DefaultCulture, "en"];

    readonly FrozenDictionary<string, FrozenDictionary<string, string>> tables = LoadTables();

    public IStringLocalizer Create(Type resourceSource) => new JsonStringLocalizer(this);
    public IStringLocalizer Create(string baseName, string location) => new JsonStringLocalizer(this);

    public IReadOnlyDictionary<string, string> Table(string culture) => tables[culture];

    internal string? Find(string key)
    {
        var culture = CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : DefaultCulture;
        if (tables[culture].TryGetValue(key, out var value)) return value;
        return tables[DefaultCulture].GetValueOrDefault(key);
    }

    static FrozenDictionary<string, FrozenDictionary<string, string>> LoadTables()
    {
        var assembly = typeof(JsonStringLocalizerFactory).Assembly;
        const string prefix = "EqualCare.Web.Resources.";
        var result = new Dictionary<string, FrozenDictionary<string, string>>();
        foreach (var culture in Cultures)
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            var suffix = "." + culture + ".json";
            foreach (var name in assembly.GetManifestResourceNames()
                         .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
                foreach (var (key, value) in entries)
                    if (!merged.TryAdd(key, value))
                        throw new InvalidOperationException($"UI string '{key}' is defined twice ({name}).");
            }
            result[culture] = merged.ToFrozenDictionary(StringComparer.Ordinal);
        }
        return result.ToFrozenDictionary();
    }
}

public sealed class JsonStringLocalizer(JsonStringLocalizerFactory factory) : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var value = factory.Find(name);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var value = factory.Find(name);
            var text = string.Format(CultureInfo.CurrentCulture, value ?? name, arguments);
            return new LocalizedString(name, text, resourceNotFound: value is null);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        factory.Table(JsonStringLocalizerFactory.DefaultCulture).Select(kv => new LocalizedString(kv.Key, factory.Find(kv.Key) ?? kv.Value));
}
