using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EqualCare.Web.Features.Exchange.Federation;

/// <summary>
/// The request signature of the protocol (docs/exchange.md part 2): ECDSA over NIST P-256 with SHA-256, signature in the
/// IEEE P1363 form (r‖s, 64 bytes), base64. The signed bytes are the UTF-8 of
/// <c>"EQX1\n" + messageId + "\n" + senderId + "\n" + timestamp + "\n"</c> followed by the exact body bytes, so neither the
/// headers nor the body can change without the signature failing.
/// </summary>
public static class ExchangeSignature
{
    public const string MessageIdHeader = "X-Exchange-Message-Id";
    public const string SenderHeader = "X-Exchange-Sender";
    public const string TimestampHeader = "X-Exchange-Timestamp";
    public const string SignatureHeader = "X-Exchange-Signature";
    public const string Path = "/api/exchange/inbound";

    public static byte[] SignedBytes(string messageId, string senderId, long timestamp, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"EQX1\n{messageId}\n{senderId}\n{timestamp}\n"));
        var all = new byte[head.Length + body.Length];
        head.CopyTo(all, 0);
        body.CopyTo(all.AsSpan(head.Length));
        return all;
    }

    public static string Sign(ECDsa key, string messageId, string senderId, long timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(key.SignData(SignedBytes(messageId, senderId, timestamp, body), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static bool Verify(string publicKeyPem, string messageId, string senderId, long timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(signature)) return false;
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
        return key.VerifyData(SignedBytes(messageId, senderId, timestamp, body), raw, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>A new P-256 key pair as (private PKCS#8 PEM, public SubjectPublicKeyInfo PEM).</summary>
    public static (string PrivatePem, string PublicPem) NewKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    public static string Sha256Hex(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
