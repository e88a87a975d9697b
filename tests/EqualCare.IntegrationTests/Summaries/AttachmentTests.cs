using System.Net;
using System.Text;
using EqualCare.IntegrationTests.Infrastructure;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Features.Attachments;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static EqualCare.IntegrationTests.Summaries.SummaryPages;

namespace EqualCare.IntegrationTests.Summaries;

/// <summary>
/// The attachments of a summary (seed 002 二: 春节期间活动情况 with 图片、音像资料, due 3月1日): kinds told by content, never by
/// name; size limits by kind; a refused file leaves no row and no file; a kept file is read only in scope, as a download,
/// audited; the virus-scan hook refuses what the scanner flags.
/// </summary>
public abstract class AttachmentTests(AppFixture app)
{
    async Task<long> AskAsync()
    {
        var daxuelu = await app.SignedInAsync("daxuelu");
        return await AskedAsync(daxuelu, "春节期间流动人口关怀关爱活动情况（含图片、音像资料）", "2027-01-20", "2027-02-28", "2027-03-01",
            TestData.Xianghe, TestData.Zhongyuan);
    }

    async Task<(int Rows, int Files)> StoredAsync()
    {
        await using var scope = app.Scope();
        var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
        var rows = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<Attachment>().CountAsync();
        var files = Directory.Exists(store.Folder) ? Directory.EnumerateFiles(store.Folder, "*", SearchOption.AllDirectories).Count() : 0;
        return (rows, files);
    }

    [Fact]
    public async Task Photos_documents_and_audio_video_are_kept_and_a_renamed_program_a_script_a_macro_and_oversized_files_are_refused_leaving_nothing()
    {
        var id = await AskAsync();
        var xianghe = await app.SignedInAsync("xianghe");
        var photo = Jpeg(4096);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, photo, "春节走访.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, Docx(), "活动总结.docx",
            "application/octet-stream")).StatusCode);
        // A video over the 5 MB of photos and documents but under the 20 MB of audio-video.
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, Mp4(6 * 1024 * 1024), "宣传车巡回.mp4", "video/mp4")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, Mp3(), "广播录音.mp3", "audio/mpeg")).StatusCode);
        // A PNG named .pdf is kept as what it is.
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, Png(), "宣传栏.pdf", "application/pdf")).StatusCode);
        var page = await xianghe.GetStringAsync($"/Summaries/{id}/{TestData.Xianghe}");
        foreach (var name in new[] { "春节走访.jpg", "活动总结.docx", "宣传车巡回.mp4", "广播录音.mp3", "宣传栏.png" })
            Assert.Contains(name, page, StringComparison.Ordinal);

        var before = await StoredAsync();
        (byte[] Content, string Name, string Type, string Message)[] refused =
        [
            (Exe(), "春节照片.jpg", "image/jpeg", "这是程序文件（可执行文件），不能上传"),
            (Exe(), "setup.exe", "application/x-msdownload", "这是程序文件（可执行文件），不能上传"),
            ("#!/bin/sh\nrm -rf /\n"u8.ToArray(), "照片.png", "image/png", "这是脚本文件，不能上传"),
            ("<script>alert(1)</script>"u8.ToArray(), "图.jpg", "image/jpeg", "这是脚本文件，不能上传"),
            (Zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "总结.docx", "application/octet-stream", "带宏的 Office 文件不能上传"),
            (Zip("readme.txt", "tool.exe"), "资料.docx", "application/octet-stream", "不支持这种文件"),
            ("一段纯文本"u8.ToArray(), "说明.pdf", "application/pdf", "不支持这种文件"),
            (Jpeg(5 * 1024 * 1024 + 1), "大照片.jpg", "image/jpeg", "照片和文档不能超过 5 MB"),
            (Mp4(20 * 1024 * 1024 + 1), "长视频.mp4", "video/mp4", "音视频文件不能超过 20 MB"),
            ([], "空.jpg", "image/jpeg", "请选择要上传的文件"),
        ];
        foreach (var (content, name, type, message) in refused)
        {
            var response = await UploadAsync(xianghe, id, TestData.Xianghe, content, name, type);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(message, UploadError(html), StringComparison.Ordinal);
            Assert.DoesNotContain(name, UploadError(html), StringComparison.Ordinal); // the message never echoes the file's name
        }
        Assert.Equal(before, await StoredAsync());

        // The same photo again: a second row, the same file (content-addressed).
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, photo, "春节走访2.jpg")).StatusCode);
        Assert.Equal((before.Rows + 1, before.Files), await StoredAsync());
    }

    [Fact]
    public async Task A_kept_file_is_downloaded_only_in_scope_as_an_attachment_with_nosniff_and_every_read_is_audited()
    {
        var id = await AskAsync();
        var xianghe = await app.SignedInAsync("xianghe");
        var photo = Jpeg(2500);
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(xianghe, id, TestData.Xianghe, photo, "义诊现场.jpg")).StatusCode);
        long attachmentId;
        await using (var scope = app.Scope())
            attachmentId = await scope.ServiceProvider.GetRequiredService<EqualCareDb>().Set<EqualCare.Web.Domain.Summaries.SummaryAttachment>()
                .Where(a => a.RequestId == id).Select(a => a.AttachmentId).SingleAsync();

        foreach (var user in new[] { "xianghe", "daxuelu", "erqi" })
        {
            var client = await app.SignedInAsync(user);
            var response = await client.GetAsync($"/Attachments/{attachmentId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("义诊现场.jpg", response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal(photo, await response.Content.ReadAsByteArrayAsync());
        }
        foreach (var user in new[] { "zhongyuan", "dongfenglu", "admin" })
            Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync(user)).GetAsync($"/Attachments/{attachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xianghe.GetAsync("/Attachments/99999999")).StatusCode);

        await using var check = app.Scope();
        var db = check.ServiceProvider.GetRequiredService<EqualCareDb>();
        var reads = await db.AuditEntries.Where(a => a.Entity == "attachment" && a.EntityId == attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                                                     && a.Action == AuditLog.Actions.View).Select(a => a.UserName).ToListAsync();
        Assert.Equal(["daxuelu", "erqi", "xianghe"], reads.Order());
        // Stored outside the web root, under its hash.
        var store = check.ServiceProvider.GetRequiredService<AttachmentStore>();
        var row = await db.Set<Attachment>().SingleAsync(a => a.Id == attachmentId);
        Assert.True(File.Exists(Path.Combine(store.Folder, row.Sha256[..2], row.Sha256[2..4], row.Sha256)));
        Assert.DoesNotContain("wwwroot", store.Folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_virus_scan_hook_refuses_a_file_the_scanner_flags_and_keeps_nothing()
    {
        await using var scope = app.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<EqualCareDb>();
        var store = new AttachmentStore(db, services.GetRequiredService<AuditLog>(), services.GetRequiredService<TimeProvider>(), new MarkerScanner(),
            services.GetRequiredService<IOptions<AttachmentOptions>>(), services.GetRequiredService<IConfiguration>());
        var user = new CurrentUser(0, "xianghe", Roles.Community, OrgCode.Parse(TestData.Xianghe));
        var before = await StoredAsync();

        var flagged = await store.StoreAsync(user, new MemoryStream(Jpeg(3000, MarkerScanner.Marker)), "带毒.jpg", CancellationToken.None);
        Assert.False(flagged.IsSuccess);
        Assert.Equal(AttachmentStore.Infected, flagged.Error.Code);
        Assert.Equal(before, await StoredAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "attachment" && a.Outcome == AuditOutcome.Refused && a.Detail == "scan=Infected; kind=Jpeg"));

        var clean = await store.StoreAsync(user, new MemoryStream(Jpeg(3001)), "干净.jpg", CancellationToken.None);
        Assert.True(clean.IsSuccess);
        await db.SaveChangesAsync();
        Assert.Equal((before.Rows + 1, before.Files + 1), await StoredAsync());
    }

    /// <summary>A scanner that flags any file holding its marker, as a real one flags a signature.</summary>
    sealed class MarkerScanner : IVirusScanner
    {
        public const string Marker = "EQUALCARE-TEST-VIRUS-MARKER";

        public async Task<ScanVerdict> ScanAsync(string path, CancellationToken ct) =>
            Encoding.ASCII.GetString(await File.ReadAllBytesAsync(path, ct)).Contains(Marker, StringComparison.Ordinal) ? ScanVerdict.Infected : ScanVerdict.Clean;
    }
}

[Collection(OnSqlite.Name)]
public sealed class AttachmentTestsOnSqlite(SqliteApp app) : AttachmentTests(app);

[Collection(OnPostgres.Name)]
public sealed class AttachmentTestsOnPostgres(PostgresApp app) : AttachmentTests(app);
