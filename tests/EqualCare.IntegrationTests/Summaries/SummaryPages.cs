using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EqualCare.IntegrationTests.Infrastructure;

namespace EqualCare.IntegrationTests.Summaries;

/// <summary>The summary pages as a browser drives them (forms with the antiforgery header), and sample files by kind.</summary>
public static partial class SummaryPages
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static async Task<HttpResponseMessage> AskAsync(HttpClient client, string title, string from, string to, string due, params string[] units)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Title", title), new("Input.PeriodStart", from), new("Input.PeriodEnd", to), new("Input.DueOn", due),
        };
        fields.AddRange(units.Select(u => new KeyValuePair<string, string>("Input.UnitCodes", u)));
        return await client.PostAsync("/Summaries", new FormUrlEncodedContent(fields));
    }

    /// <summary>Asks for a summary and returns its id (the page redirects to it).</summary>
    public static async Task<long> AskedAsync(HttpClient client, string title, string from, string to, string due, params string[] units)
    {
        var response = await AskAsync(client, title, from, to, due, units);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return long.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"^/Summaries/(\d+)$").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, long id, string unit, string body) =>
        client.PostAsync($"/Summaries/{id}/{unit}?handler=submit", new FormUrlEncodedContent([new("Body", body)]));

    public static Task<HttpResponseMessage> ReturnAsync(HttpClient client, long id, string unit, string reason) =>
        client.PostAsync($"/Summaries/{id}/{unit}?handler=return", new FormUrlEncodedContent([new("Reason", reason)]));

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, long id, string unit, byte[] content, string name,
        string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return client.PostAsync($"/Summaries/{id}/{unit}?handler=attach", new MultipartFormDataContent { { file, "upload", name } });
    }

    /// <summary>The state shown for a unit in the request's table.</summary>
    public static string StateOf(string html, string unit)
    {
        var match = Regex.Match(html, $"<tr data-unit=\"{unit}\">.*?<span class=\"summary-state[^\"]*\">([^<]+)</span>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no row for {unit}");
        return match.Groups[1].Value;
    }

    public static string UploadError(string html) =>
        Regex.Match(html, "<p class=\"field-error\" role=\"alert\" id=\"upload-error\">([^<]+)</p>").Groups[1].Value;

    public static string Errors(string html) => WebUtility.HtmlDecode(Regex.Match(html, "id=\"summary-errors\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);

    public static byte[] Jpeg(int size = 2048, string marker = "")
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        (stackalloc byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0 }).CopyTo(bytes);
        Encoding.ASCII.GetBytes(marker).CopyTo(bytes, 16);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }

    public static byte[] Png(int size = 1024)
    {
        var bytes = new byte[size];
        new Random(size + 1).NextBytes(bytes);
        (stackalloc byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }).CopyTo(bytes);
        return bytes;
    }

    /// <summary>A Windows program: the MZ header and the DOS stub's words.</summary>
    public static byte[] Exe()
    {
        var bytes = new byte[4096];
        "MZ"u8.CopyTo(bytes);
        "This program cannot be run in DOS mode."u8.CopyTo(bytes.AsSpan(0x4E));
        return bytes;
    }

    public static byte[] Mp4(int size)
    {
        var bytes = new byte[size];
        (stackalloc byte[] { 0, 0, 0, 0x18 }).CopyTo(bytes);
        "ftypisom"u8.CopyTo(bytes.AsSpan(4));
        return bytes;
    }

    public static byte[] Mp3() => [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, .. new byte[512]];

    /// <summary>A zip with the named parts (an Office file when the parts are right).</summary>
    public static byte[] Zip(params string[] parts)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var part in parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(part).Open());
                writer.Write("<x/>");
            }
        }
        return memory.ToArray();
    }

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml");
}
