using System.IO.Compression;
using EqualCare.Web.Domain.Attachments;
using EqualCare.Web.Features.Attachments;
using Microsoft.Extensions.Options;

namespace EqualCare.UnitTests.Attachments;

/// <summary>The kind of a file from its bytes (docs/design.md §Attachments), and the command scanner's verdicts.</summary>
public sealed class FileSnifferTests
{
    static (FileKind? Kind, string? Refusal) Sniff(byte[] bytes) => FileSniffer.Sniff(new MemoryStream(bytes));

    static byte[] Pad(byte[] head, int size = 256) => [.. head, .. new byte[Math.Max(0, size - head.Length)]];

    static byte[] Zip(params string[] parts)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var part in parts) zip.CreateEntry(part);
        return memory.ToArray();
    }

    public static TheoryData<byte[], FileKind> Kept => new()
    {
        { Pad([0xFF, 0xD8, 0xFF, 0xE1]), FileKind.Jpeg },
        { Pad([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), FileKind.Png },
        { Pad("%PDF-1.7\n"u8.ToArray()), FileKind.Pdf },
        { Zip("[Content_Types].xml", "word/document.xml"), FileKind.Docx },
        { Zip("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"), FileKind.Xlsx },
        { Pad([0, 0, 0, 0x20, .. "ftypmp42"u8]), FileKind.Mp4 },
        { Pad([0, 0, 0, 0x20, .. "ftypM4A "u8]), FileKind.M4a },
        { Pad("ID3"u8.ToArray()), FileKind.Mp3 },
        { Pad([0xFF, 0xFB, 0x90, 0x64]), FileKind.Mp3 },
    };

    [Theory]
    [MemberData(nameof(Kept))]
    public void A_photo_document_or_recording_is_told_by_its_content(byte[] bytes, FileKind kind) => Assert.Equal((kind, null), Sniff(bytes));

    public static TheoryData<byte[], string> Refused => new()
    {
        { Pad("MZ"u8.ToArray()), FileSniffer.Executable },
        { Pad([0x7F, 0x45, 0x4C, 0x46]), FileSniffer.Executable },
        { Pad([0xCF, 0xFA, 0xED, 0xFE]), FileSniffer.Executable },
        { "#!/bin/sh\necho hi\n"u8.ToArray(), FileSniffer.Script },
        { "\uFEFF@echo off\r\ndel *.*"u8.ToArray(), FileSniffer.Script },
        { "  <SCRIPT>alert(1)</SCRIPT>"u8.ToArray(), FileSniffer.Script },
        { "<?php system($_GET['c']);"u8.ToArray(), FileSniffer.Script },
        { Zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), FileSniffer.Macro },
        { Zip("readme.txt"), FileSniffer.Unknown },
        { Zip("word/document.xml"), FileSniffer.Unknown },
        { Pad("PK\u0003\u0004broken"u8.ToArray()), FileSniffer.Unknown },
        { "plain words"u8.ToArray(), FileSniffer.Unknown },
        { Array.Empty<byte>(), FileSniffer.Empty },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_program_a_script_a_macro_or_anything_unknown_is_refused_with_its_reason(byte[] bytes, string refusal) =>
        Assert.Equal((null, refusal), Sniff(bytes));

    [Fact]
    public void The_name_kept_is_the_last_path_part_cleaned_with_the_extension_of_the_content()
    {
        Assert.Equal("photo.jpg", AttachmentStore.CleanName("photo.exe", FileKind.Jpeg));
        Assert.Equal("passwd.png", AttachmentStore.CleanName("..\\..//etc/passwd", FileKind.Png));
        Assert.Equal("活动照片.jpg", AttachmentStore.CleanName("C:\\Users\\a\\活动照片.JPG", FileKind.Jpeg));
        Assert.Equal("file.pdf", AttachmentStore.CleanName(null, FileKind.Pdf));
        Assert.Equal("ab.pdf", AttachmentStore.CleanName("a\u0000b\".pdf", FileKind.Pdf));
        Assert.Equal(120 + ".docx".Length, AttachmentStore.CleanName(new string('长', 300), FileKind.Docx).Length);
    }

    [Fact]
    public async Task The_command_scanner_reads_exit_0_as_clean_1_as_infected_and_anything_else_as_failed()
    {
        var folder = Directory.CreateTempSubdirectory("equalcare-scan-").FullName;
        try
        {
            // A stand-in for clamscan: the options first, the file last; exit 1 when the file holds the marker.
            var script = Path.Combine(folder, "fake-clamscan");
            await File.WriteAllTextAsync(script, "#!/bin/sh\nfor f; do :; done\ngrep -q BROKEN \"$f\" && exit 2\ngrep -q MARKER \"$f\" && exit 1\nexit 0\n");
            Assert.True(OperatingSystem.IsLinux(), "the scanner runs a shell script: the tests run on Linux");
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var options = new AttachmentOptions { ScanCommand = script };
            Assert.True(CommandVirusScanner.IsConfigured(options));
            Assert.False(CommandVirusScanner.IsConfigured(new AttachmentOptions { ScanCommand = Path.Combine(folder, "none") }));
            var scanner = new CommandVirusScanner(Options.Create(options));
            async Task<ScanVerdict> ScanAsync(string text)
            {
                var file = Path.Combine(folder, Guid.NewGuid().ToString("N"));
                await File.WriteAllTextAsync(file, text);
                return await scanner.ScanAsync(file, CancellationToken.None);
            }
            Assert.Equal(ScanVerdict.Clean, await ScanAsync("a photo"));
            Assert.Equal(ScanVerdict.Infected, await ScanAsync("with MARKER inside"));
            Assert.Equal(ScanVerdict.Failed, await ScanAsync("BROKEN"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
