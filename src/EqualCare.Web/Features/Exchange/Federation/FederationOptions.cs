namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// This installation in the network of installations (EqualCare:Federation, docs/exchange.md part 2): its name, the
/// division-code prefixes it serves, its signing key, the delivery's timing, and partners loaded from configuration (for
/// tests and first set-up; the directory itself lives in the database and the system administrator edits it).
/// Without an installation id and prefixes the installation serves every code it has and sends nothing out.
/// </summary>
public sealed class FederationOptions
{
    public const string Section = "EqualCare:Federation";

    public string? InstallationId { get; set; }
    public string[] Prefixes { get; set; } = [];
    /// <summary>ECDSA P-256 private key, PKCS#8 PEM. When empty, one is generated once into the keys folder.</summary>
    public string? PrivateKey { get; set; }
    /// <summary>A request's timestamp may differ from the receiver's clock by this much either way.</summary>
    public int ClockSkewSeconds { get; set; } = 300;
    /// <summary>How often the delivery looks for due messages when nothing wakes it.</summary>
    public int PollMilliseconds { get; set; } = 1000;
    /// <summary>First retry after this long, doubled each attempt, capped at <see cref="RetryMaxSeconds"/>.</summary>
    public int RetryBaseMilliseconds { get; set; } = 2000;
    public int RetryMaxSeconds { get; set; } = 900;
    public int BatchSize { get; set; } = 200;
    /// <summary>Requests in flight at once (different cases only: one case is delivered in order).</summary>
    public int Parallelism { get; set; } = 8;
    public int TimeoutSeconds { get; set; } = 15;
    public List<PartnerSetting> Partners { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(InstallationId) && Prefixes.Length > 0;

    /// <summary>Whether a division code (6 or 12 digits) is this installation's own.</summary>
    public bool Serves(string? code) =>
        !Enabled || (code is { Length: > 0 } && Prefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal)));
}

public sealed class PartnerSetting
{
    public string InstallationId { get; set; } = "";
    public string Name { get; set; } = "";
    public string[] Prefixes { get; set; } = [];
    public string BaseAddress { get; set; } = "";
    public string PublicKey { get; set; } = "";
}
