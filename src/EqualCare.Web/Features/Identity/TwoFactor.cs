using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EqualCare.Web.Data;
using EqualCare.Web.Domain;
using EqualCare.Web.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;
using QRCoder;

namespace EqualCare.Web.Features.Identity;

/// <summary>The "EqualCare:Security" configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "EqualCare:Security";

    /// <summary>
    /// Whether the roles that need a second factor must enrol before anything else. Unset means "yes", except in demo
    /// mode, which switches the requirement off so that the demo accounts log in with the shown password alone.
    /// </summary>
    public bool? RequireTwoFactor { get; set; }
}

/// <summary>What the enrolment page shows: the key to type in and the same key as a QR code.</summary>
public sealed record TwoFactorEnrolment(string ManualKey, string Uri, string QrSvg);

/// <summary>
/// The second factor (issue 14 point 5): 等保 2.0 三级 (GB/T 22239-2019, 身份鉴别) asks for two authentication factors
/// for administrators and for anyone who may see or export personal data unmasked. The factor is TOTP (RFC 6238: SHA-1,
/// 6 digits, 30 s, the defaults every authenticator app reads), plus ten one-time recovery codes for a lost phone.
/// </summary>
public sealed class TwoFactor(EqualCareDb db, AuditLog audit, TimeProvider clock, IDataProtectionProvider protection,
    IOptions<SecurityOptions> security, IOptions<EqualCareOptions> app)
{
    public const string Entity = "two-factor";
    public const string Issuer = "EqualCare";
    public const int RecoveryCodeCount = 10;

    public static class Actions
    {
        public const string Begin = "two-factor-begin";
        public const string Enable = "two-factor-enable";
        public const string Disable = "two-factor-disable";
        public const string NewRecoveryCodes = "two-factor-recovery-codes";
        public const string Reset = "two-factor-reset";
    }

    /// <summary>The purpose string isolates these secrets from every other use of the keys (cookies, antiforgery).</summary>
    IDataProtector Protector => protection.CreateProtector("EqualCare.TwoFactor.TotpSecret.v1");

    /// <summary>The requirement is on unless configured off; demo mode turns it off when nothing is configured.</summary>
    public bool Required => security.Value.RequireTwoFactor ?? !app.Value.Demo;

    /// <summary>
    /// Administrators, and the roles that may reveal ID numbers and phones or export them unmasked (the write roles:
    /// PersonReveal.MayReveal, Export's unmasked check). District offices see masked data only,
    /// so for them the second factor is optional.
    /// </summary>
    public static bool RoleNeedsTwoFactor(string role) => role == Roles.SystemAdmin || Roles.CanWritePersons(role);

    public bool IsRequiredFor(string role) => Required && RoleNeedsTwoFactor(role);

    public Task<bool> IsEnabledAsync(long userId, CancellationToken ct) =>
        db.Set<UserTwoFactor>().AnyAsync(t => t.UserId == userId && t.EnabledAt != null, ct);

    public Task<int> RecoveryCodesLeftAsync(long userId, CancellationToken ct) =>
        db.Set<RecoveryCode>().CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);

    /// <summary>
    /// The pending enrolment's key, made on first call and kept until confirmed, so that reloading the page does not
    /// change the code the user has already scanned. Null when the second factor is already enabled.
    /// </summary>
    public async Task<TwoFactorEnrolment?> PendingEnrolmentAsync(CurrentUser user, CancellationToken ct)
    {
        var row = await db.Set<UserTwoFactor>().SingleOrDefaultAsync(t => t.UserId == user.Id, ct);
        if (row is { EnabledAt: not null }) return null;
        if (row is null)
        {
            row = new UserTwoFactor
            {
                UserId = user.Id,
                ProtectedSecret = Protector.Protect(Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20))),
                CreatedAt = clock.UtcNow(),
            };
            db.Add(row);
            audit.Add(Actions.Begin, Entity, Id(user.Id));
            await db.SaveChangesAsync(ct);
        }
        var secret = Protector.Unprotect(row.ProtectedSecret);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer + ":" + user.UserName)}?secret={secret}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30";
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(qr).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return new TwoFactorEnrolment(Grouped(secret), uri, svg);
    }

    /// <summary>Enables the pending enrolment on its first right code; returns the ten recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(long userId, string code, CancellationToken ct)
    {
        var row = await db.Set<UserTwoFactor>().SingleOrDefaultAsync(t => t.UserId == userId && t.EnabledAt == null, ct);
        if (row is null || MatchStep(row, code) is not { } step)
        {
            await audit.RecordAsync(Actions.Enable, Entity, Id(userId), AuditOutcome.Refused, "wrong code", ct: ct);
            return null;
        }
        row.EnabledAt = clock.UtcNow();
        row.LastTimeStep = step;
        var codes = await ReplaceRecoveryCodesAsync(userId);
        audit.Add(Actions.Enable, Entity, Id(userId));
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Ten new recovery codes for a user who proves the factor with a current code; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(long userId, string code, CancellationToken ct)
    {
        if (!await VerifyTotpAsync(userId, code, ct))
        {
            await audit.RecordAsync(Actions.NewRecoveryCodes, Entity, Id(userId), AuditOutcome.Refused, "wrong code", ct: ct);
            return null;
        }
        var codes = await ReplaceRecoveryCodesAsync(userId);
        audit.Add(Actions.NewRecoveryCodes, Entity, Id(userId));
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Switches the factor off, for a role that does not need it, on a current code.</summary>
    public async Task<bool> DisableAsync(CurrentUser user, string code, CancellationToken ct)
    {
        if (IsRequiredFor(user.Role) || !await VerifyTotpAsync(user.Id, code, ct))
        {
            await audit.RecordAsync(Actions.Disable, Entity, Id(user.Id), AuditOutcome.Refused,
                IsRequiredFor(user.Role) ? "required for role" : "wrong code", ct: ct);
            return false;
        }
        db.RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ToListAsync(ct));
        db.Remove(await db.Set<UserTwoFactor>().SingleAsync(t => t.UserId == user.Id, ct));
        audit.Add(Actions.Disable, Entity, Id(user.Id));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// A lost phone and lost recovery codes: the server's operator (shell access, like <c>tokens create</c>) removes the
    /// user's factor and codes, naming who asked. Her sessions end, so whoever holds one must sign in again; if her role
    /// needs the factor she enrols anew at her next login (<see cref="TwoFactorGate"/>). No administrator page can do this:
    /// an administrator who could reset a worker's factor could take her account.
    /// </summary>
    public async Task<bool> ResetByOperatorAsync(string userName, string requestedBy, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null) return false;
        db.RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ToListAsync(ct));
        db.RemoveRange(await db.Set<UserTwoFactor>().Where(t => t.UserId == user.Id).ToListAsync(ct));
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Add(Actions.Reset, Entity, Id(user.Id),
            detail: $"operator command: users reset-two-factor; user={user.UserName}; requested by={requestedBy}", userName: "console");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The login's second step: a current TOTP code, accepted once (a later step only, claimed by one atomic UPDATE so two
    /// parallel requests cannot both use it), or an unused recovery code, used up by one atomic UPDATE. Returns how it
    /// was proven ("totp", "recovery code") or null. The caller audits and counts failures.
    /// </summary>
    public async Task<string?> VerifyAsync(long userId, string code, CancellationToken ct)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length == 6 && digits.All(char.IsAsciiDigit))
            return await VerifyTotpAsync(userId, digits, ct) ? "totp" : null;
        var hash = HashRecoveryCode(code);
        if (hash is null) return null;
        var now = clock.UtcNow();
        var used = await db.Set<RecoveryCode>()
            .Where(c => c.UserId == userId && c.CodeHash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        return used == 1 ? "recovery code" : null;
    }

    async Task<bool> VerifyTotpAsync(long userId, string code, CancellationToken ct)
    {
        var row = await db.Set<UserTwoFactor>().AsNoTracking().SingleOrDefaultAsync(t => t.UserId == userId && t.EnabledAt != null, ct);
        if (row is null || MatchStep(row, code) is not { } step) return false;
        // Claimed only if no code of this step or a later one was accepted before: a replayed code fails here.
        var claimed = await db.Set<UserTwoFactor>()
            .Where(t => t.UserId == userId && t.LastTimeStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastTimeStep, step), ct);
        return claimed == 1;
    }

    /// <summary>The time step the code belongs to, one step either side of now (RFC 6238 §6: network delay and clock drift).</summary>
    long? MatchStep(UserTwoFactor row, string code)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit)) return null;
        var totp = new Totp(Base32Encoding.ToBytes(Protector.Unprotect(row.ProtectedSecret)));
        return totp.VerifyTotp(clock.UtcNow(), digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > row.LastTimeStep
            ? step : null;
    }

    /// <summary>Replaces the user's recovery codes with ten new ones (staged; the caller saves with its audit row).</summary>
    async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(long userId)
    {
        db.RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == userId).ToListAsync());
        var now = clock.UtcNow();
        var codes = new List<string>(RecoveryCodeCount);
        while (codes.Count < RecoveryCodeCount)
        {
            var code = NewRecoveryCode();
            if (codes.Contains(code)) continue;
            codes.Add(code);
            db.Add(new RecoveryCode { UserId = userId, CodeHash = HashRecoveryCode(code)!, CreatedAt = now });
        }
        return codes;
    }

    /// <summary>Letters without the look-alikes 0/O, 1/I/L, so that a code copied from paper is typed right.</summary>
    const string RecoveryAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    const int RecoveryCodeLength = 16; // 16 × log2(31) ≈ 79 bits: a stolen hash table cannot be searched

    static string NewRecoveryCode()
    {
        var chars = new char[RecoveryCodeLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)];
        var text = new string(chars);
        return string.Join('-', Enumerable.Range(0, 4).Select(i => text.Substring(i * 4, 4)));
    }

    /// <summary>The hash of a recovery code as typed: case, spaces and dashes do not matter. Null when it cannot be one.</summary>
    public static string? HashRecoveryCode(string code)
    {
        var normal = new string(code.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        if (normal.Length != RecoveryCodeLength || normal.Any(c => !RecoveryAlphabet.Contains(c))) return null;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normal)));
    }

    static string Grouped(string secret) =>
        string.Join(' ', Enumerable.Range(0, (secret.Length + 3) / 4).Select(i => secret.Substring(i * 4, Math.Min(4, secret.Length - i * 4))));

    static string Id(long userId) => userId.ToString(CultureInfo.InvariantCulture);
}

public static class TwoFactorSetup
{
    public static IServiceCollection AddTwoFactor(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        return services.AddScoped<TwoFactor>();
    }
}
