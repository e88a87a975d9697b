using System.IO.Compression;
using System.Text;

namespace EqualCare.Web.Domain.Attachments;

/// <summary>
/// What a file is, from its bytes alone: never from its name or the Content-Type the browser sent, both of which the sender
/// chooses (docs/design.md §Attachments). An executable or a script is refused with its own code, anything not on the list
/// with another; an Office file must be a zip holding the parts of its kind and no macros.
/// </summary>
public static class FileSniffer
{
    public const string Empty = "attachment.empty";
    public const string Executable = "attachment.executable";
    public const string Script = "attachment.script";
    public const string Macro = "attachment.macro";
    public const string Unknown = "attachment.type";

    /// <summary>Text a script starts with (after blanks): shells, Windows batch and script hosts, HTML with script, PHP.</summary>
    static readonly string[] ScriptStarts =
    [
        "#!", "@echo", "<script", "<?php", "<html", "<!doctype html", "<svg", "<hta", "rem ", "set ", "powershell", "function ",
        "dim ", "on error", "wscript", "createobject",
    ];

    /// <summary>The kind of <paramref name="content"/> (a seekable stream, read from its start), or the code of the refusal.</summary>
    public static (FileKind? Kind, string? Refusal) Sniff(Stream content)
    {
        content.Position = 0;
        Span<byte> head = stackalloc byte[64];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;
        if (read == 0) return (null, Empty);

        if (IsExecutable(head)) return (null, Executable);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return (FileKind.Jpeg, null);
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return (FileKind.Png, null);
        if (head.StartsWith("%PDF-"u8)) return (FileKind.Pdf, null);
        if (head.StartsWith("PK\u0003\u0004"u8)) return Office(content);
        if (read >= 12 && head[4..8].SequenceEqual("ftyp"u8))
            return (head[8..12].SequenceEqual("M4A "u8) || head[8..12].SequenceEqual("M4B "u8) ? FileKind.M4a : FileKind.Mp4, null);
        if (head.StartsWith("ID3"u8) || IsMp3Frame(head)) return (FileKind.Mp3, null);
        return (null, LooksLikeScript(head) ? Script : Unknown);
    }

    /// <summary>Windows PE (MZ), ELF, Mach-O and Java class files: programs, whatever the name says.</summary>
    static bool IsExecutable(ReadOnlySpan<byte> head) =>
        head.StartsWith("MZ"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46])
        || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF])
        || head.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE])
        || head.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]);

    /// <summary>An MPEG audio layer III frame header: 11 sync bits, then layer bits 01.</summary>
    static bool IsMp3Frame(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] >> 1 & 0x03) == 0x01;

    static bool LooksLikeScript(ReadOnlySpan<byte> head)
    {
        var start = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var text = Encoding.UTF8.GetString(start).TrimStart().ToLowerInvariant();
        return ScriptStarts.Any(s => text.StartsWith(s, StringComparison.Ordinal));
    }

    /// <summary>A .docx or .xlsx: a zip with [Content_Types].xml and the main part of its kind, without a VBA project.</summary>
    static (FileKind?, string?) Office(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase))) return (null, Macro);
            if (!names.Contains("[Content_Types].xml")) return (null, Unknown);
            if (names.Contains("word/document.xml")) return (FileKind.Docx, null);
            if (names.Contains("xl/workbook.xml")) return (FileKind.Xlsx, null);
            return (null, Unknown);
        }
        catch (InvalidDataException)
        {
            return (null, Unknown);
        }
        finally
        {
            content.Position = 0;
        }
    }
}
