using System.Text.Json;
using System.Text.Json.Serialization;

namespace EqualCare.Web.Web;

/// <summary>Enums in API bodies: a name, or a number that is a defined value; anything else ("maritalStatus": 99) fails
/// to read, so the request is a 400 naming the field and nothing undefined is ever stored (issue 14, point 10). Written
/// as names, as before.</summary>
public sealed class DefinedEnumConverter : JsonConverterFactory
{
    readonly JsonStringEnumConverter names = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Checked<>).MakeGenericType(typeToConvert), names.CreateConverter(typeToConvert, options))!;

    sealed class Checked<T>(JsonConverter inner) : JsonConverter<T> where T : struct, Enum
    {
        readonly JsonConverter<T> names = (JsonConverter<T>)inner;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = names.Read(ref reader, typeToConvert, options);
            // The serializer adds the path of the field to this exception.
            return Enum.IsDefined(value) ? value : throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => names.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            names.ReadAsPropertyName(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            names.WriteAsPropertyName(writer, value, options);
    }
}
