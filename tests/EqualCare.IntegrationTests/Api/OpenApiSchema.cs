using System.Text.Json;

namespace EqualCare.IntegrationTests.Api;

/// <summary>
/// Checks a JSON value against an OpenAPI 3.1 schema, for the subset the app's document uses: $ref, type (one or a list,
/// "null" for nullable), object properties and required, arrays and their items, additionalProperties, oneOf/anyOf/allOf.
/// Formats, patterns and enums are not checked. Members the schema does not name are allowed (ProblemDetails adds traceId).
/// </summary>
public sealed class OpenApiSchema(JsonElement document)
{
    public IReadOnlyList<string> Check(JsonElement value, JsonElement schema, string path = "$")
    {
        var problems = new List<string>();
        Walk(value, schema, path, problems, depth: 0);
        return problems;
    }

    JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            const string prefix = "#/components/schemas/";
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException("unsupported $ref " + name);
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name[prefix.Length..]);
        }
        return schema;
    }

    void Walk(JsonElement value, JsonElement schema, string path, List<string> problems, int depth)
    {
        if (depth > 64) throw new InvalidOperationException("schema too deep at " + path);
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object) return;
        foreach (var combinator in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(combinator, out var options))
            {
                var fits = options.EnumerateArray().Any(o => Check(value, o, path).Count == 0);
                if (!fits) problems.Add($"{path}: matches none of {combinator}");
                return;
            }
        if (schema.TryGetProperty("allOf", out var all))
            foreach (var part in all.EnumerateArray()) Walk(value, part, path, problems, depth + 1);

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Fits(value, t)))
            {
                problems.Add($"{path}: {value.ValueKind} is not {string.Join("|", types)}");
                return;
            }
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) problems.Add($"{path}: required member {name} is missing");
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var memberSchema))
                    Walk(member.Value, memberSchema, path + "." + member.Name, problems, depth + 1);
                else if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object)
                    Walk(member.Value, extra, path + "." + member.Name, problems, depth + 1);
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Walk(item, items, $"{path}[{i++}]", problems, depth + 1);
        }
    }

    static bool Fits(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => throw new InvalidOperationException("unsupported type " + type),
    };
}
