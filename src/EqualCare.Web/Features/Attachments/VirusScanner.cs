using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Attachments;

public enum ScanVerdict
{
    Clean,
    Infected,
    /// <summary>The scanner could not decide (crashed, timed out): the file is refused, never kept unscanned.</summary>
    Failed,
}

/// <summary>The virus-scan hook every attachment passes before it is kept (docs/design.md §Attachments).</summary>
public interface IVirusScanner
{
    Task<ScanVerdict> ScanAsync(string path, CancellationToken ct);
}

/// <summary>The default when no scanner is configured: content-type checks only.</summary>
public sealed class NoVirusScanner : IVirusScanner
{
    public Task<ScanVerdict> ScanAsync(string path, CancellationToken ct) => Task.FromResult(ScanVerdict.Clean);
}

/// <summary>
/// Runs the configured command (clamscan, clamdscan …) with the file's path: exit 0 clean, 1 infected, anything else (or no
/// answer within a minute) failed.
/// </summary>
public sealed class CommandVirusScanner(IOptions<AttachmentOptions> options) : IVirusScanner
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public async Task<ScanVerdict> ScanAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.Value.ScanCommand!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in options.Value.ScanArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start);
        if (process is null) return ScanVerdict.Failed;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Limit);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(output, errors);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return ScanVerdict.Failed;
        }
        return process.ExitCode switch
        {
            0 => ScanVerdict.Clean,
            1 => ScanVerdict.Infected,
            _ => ScanVerdict.Failed,
        };
    }

    /// <summary>The configured command, when it names a file that exists.</summary>
    public static bool IsConfigured(AttachmentOptions options) => !string.IsNullOrWhiteSpace(options.ScanCommand) && File.Exists(options.ScanCommand);
}
