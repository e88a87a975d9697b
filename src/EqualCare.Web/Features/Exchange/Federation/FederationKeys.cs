using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// This installation's signing key: from EqualCare:Federation:PrivateKey, or else generated once into the keys folder
/// (EqualCare:KeysFolder, beside the cookie keys) as exchange-signing.pem. The public half is what partners enter in their
/// directory; the operator page shows it.
/// </summary>
public sealed class FederationKeys : IDisposable
{
    readonly ECDsa key = ECDsa.Create();
    readonly Lock gate = new();

    public FederationKeys(IOptions<FederationOptions> options, IConfiguration configuration)
    {
        var pem = options.Value.PrivateKey;
        if (string.IsNullOrWhiteSpace(pem))
        {
            var folder = configuration["EqualCare:KeysFolder"] ?? System.IO.Path.Combine("data", "keys");
            var file = System.IO.Path.Combine(folder, "exchange-signing.pem");
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(file, ExchangeSignature.NewKeyPair().PrivatePem);
            }
            pem = File.ReadAllText(file);
        }
        key.ImportFromPem(pem);
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string PublicKeyPem { get; }

    public string Sign(string messageId, string senderId, long timestamp, ReadOnlySpan<byte> body)
    {
        lock (gate) return ExchangeSignature.Sign(key, messageId, senderId, timestamp, body);
    }

    public void Dispose() => key.Dispose();
}
