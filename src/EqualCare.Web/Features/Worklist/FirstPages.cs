using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EqualCare.Web.Features.Worklist;

/// <summary>
/// What a unit's first page of the whole to-do list was read from, as the request's first statement sees it
/// (<see cref="WorkerWorklist"/>'s first look):
/// <list type="bullet">
/// <item>the day;</item>
/// <item>the forget generation (<see cref="DueUnits"/>: moved by a write outside the app's save; the persons it forgot are
/// kept again when read);</item>
/// <item>the sum of the unit's communities' versions (<see cref="KeptCounts.SumSql"/>): moved in the transaction of every
/// write that changes a person's kept items or her identity, <see cref="DueKeeper"/> touching her communities;</item>
/// <item>the last check-up attendance mark (the 补检 mark reads the marks; they are only ever added).</item>
/// </list>
/// </summary>
public readonly record struct FirstPageToken(DateOnly Today, long Generation, long Versions, long LastMark);

/// <summary>
/// Each unit's first page of the unfiltered to-do list, kept ready (issue 15: at 32 connections the page's own statements
/// and their rows were most of its cost; a community's first page is what every worker opens, and it changes only when the
/// community's items do). An entry serves only a request whose token equals the one read before the entry's rows were:
/// any write that commits after that read moves the token on, so an entry is never older than its token says. The counts,
/// the user's own figures, the audit row and the session check stay per request; the body written from them is kept with
/// the rows and used only while they are all equal (<see cref="Answer"/>). One entry per unit (the default page
/// size), replaced when stale, so the memory is bounded by the number of units opened.
/// </summary>
public sealed class FirstPages(IOptions<JsonOptions> json, IResponseCompressionProvider compression)
{
    /// <summary>A unit's kept rows and, once answered, the page's body as JSON and as each encoding asked for.</summary>
    sealed class Entry(FirstPageToken token, IReadOnlyList<PersonRow> rows)
    {
        public FirstPageToken Token { get; } = token;
        public IReadOnlyList<PersonRow> Rows { get; } = rows;
        public volatile Body? Body;
    }

    /// <summary>
    /// The body of one page: <see cref="Page"/> is compared as a record, so every figure of it (the counts, the unit's name,
    /// the user's assignments) must equal the request's, and its rows must be the very kept rows.
    /// </summary>
    sealed record Body(WorklistPersonsPage Page, byte[] Json, ConcurrentDictionary<string, byte[]> Encoded);

    readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public bool TryGet(string unit, FirstPageToken token, out IReadOnlyList<PersonRow> rows)
    {
        if (entries.TryGetValue(unit, out var entry) && entry.Token == token)
        {
            rows = entry.Rows;
            return true;
        }
        rows = [];
        return false;
    }

    /// <summary>Keeps the rows read after <paramref name="token"/> was; a newer entry (another request's) is not replaced by an older one.</summary>
    public void Keep(string unit, FirstPageToken token, IReadOnlyList<PersonRow> rows) =>
        entries.AddOrUpdate(unit, new Entry(token, rows), (_, old) => Newer(old.Token, token) ? old : new Entry(token, rows));

    /// <summary>Whether <paramref name="kept"/> is strictly later than <paramref name="offered"/> in every part that only grows.</summary>
    static bool Newer(FirstPageToken kept, FirstPageToken offered) =>
        kept != offered && kept.Today >= offered.Today && kept.Generation >= offered.Generation && kept.Versions >= offered.Versions
        && kept.LastMark >= offered.LastMark;

    /// <summary>
    /// The page as the API answers it. A page of kept rows is written from its kept body, serialised and compressed once
    /// (the JSON and the Brotli of 50 persons' rows were a third of the app's CPU per request); any other page is
    /// serialised as usual. The body is the one <c>TypedResults.Ok</c> would write: the app's JSON options, the encoding
    /// the compression middleware would choose (which leaves a response with its own Content-Encoding alone).
    /// </summary>
    public IResult Answer(WorklistPersonsPage page) =>
        entries.TryGetValue(page.OrgCode, out var entry) && ReferenceEquals(entry.Rows, page.Rows) ? new KeptBodyResult(this, entry, page) : TypedResults.Ok(page);

    sealed class KeptBodyResult(FirstPages pages, Entry entry, WorklistPersonsPage page) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => pages.WriteAsync(http, entry, page);
    }

    async Task WriteAsync(HttpContext http, Entry entry, WorklistPersonsPage page)
    {
        var body = entry.Body is { } kept && kept.Page == page ? kept : entry.Body = BodyOf(page);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        var bytes = body.Json;
        if (compression.CheckRequestAcceptsCompression(http) && compression.GetCompressionProvider(http) is { } provider)
        {
            bytes = body.Encoded.GetOrAdd(provider.EncodingName, _ => Compressed(provider, body.Json));
            response.Headers.ContentEncoding = provider.EncodingName;
        }
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    Body BodyOf(WorklistPersonsPage page) => new(page, JsonSerializer.SerializeToUtf8Bytes(page, json.Value.SerializerOptions), new(StringComparer.Ordinal));

    static byte[] Compressed(ICompressionProvider provider, byte[] json)
    {
        using var buffer = new MemoryStream();
        using (var stream = provider.CreateStream(buffer)) stream.Write(json);
        return buffer.ToArray();
    }
}
