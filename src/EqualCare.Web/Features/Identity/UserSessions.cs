using System.Security.Claims;
using System.Security.Cryptography;
using EqualCare.Web.Data;
using EqualCare.Web.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EqualCare.Web.Features.Identity;

/// <summary>The "EqualCare:Sessions" configuration section.</summary>
public sealed class SessionOptions
{
    public const string Section = "EqualCare:Sessions";

    /// <summary>
    /// A session ends this long after its login even if it was never idle for 30 minutes: a stolen or forgotten cookie
    /// cannot be kept alive for ever by activity. 8 hours is one working day (等保 2.0 三级 asks for session ending on
    /// timeout; one login per working day costs the workers nothing and bounds what a copied cookie is worth).
    /// </summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>Server-side sessions: a cookie is only as good as the session row it names (issue 14, point 3).</summary>
public sealed class UserSessions(EqualCareDb db, AuditLog audit, TimeProvider clock, IOptions<SessionOptions> options)
{
    public const string SessionClaim = "sid";
    public const string Entity = "user-session";

    /// <summary>Last-seen is written at most this often, not on every request.</summary>
    static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public TimeSpan AbsoluteLifetime => options.Value.AbsoluteLifetime;

    /// <summary>Opens a session for a login; the caller puts the returned id in the cookie's claims and saves with the login.</summary>
    public async Task<string> StartAsync(long userId, HttpContext http, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var agent = http.Request.Headers.UserAgent.ToString();
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = agent.Length > 300 ? agent[..300] : agent,
        };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    public static string? IdOf(ClaimsPrincipal principal) => principal.FindFirst(SessionClaim)?.Value;

    /// <summary>
    /// True while the session is open: not ended, used within the idle timeout and younger than the absolute lifetime.
    /// The idle timeout is also in the cookie itself; it is checked here too so that a copied cookie cannot outlive it.
    /// </summary>
    public async Task<bool> IsOpenAsync(long userId, string? sessionId, CancellationToken ct)
    {
        if (sessionId is null) return false;
        var now = clock.UtcNow();
        var session = await db.Set<UserSession>().AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        if (session is null || session.EndedAt is not null) return false;
        if (now - session.CreatedAt >= AbsoluteLifetime || now - session.LastSeenAt >= AuthenticationSetup.IdleTimeout) return false;
        if (now - session.LastSeenAt >= TouchInterval)
            await db.Set<UserSession>().Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
        return true;
    }

    /// <summary>Her sessions that are still open, newest first.</summary>
    public async Task<List<UserSession>> OpenOfAsync(long userId, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var oldestStart = now - AbsoluteLifetime;
        var idleSince = now - AuthenticationSetup.IdleTimeout;
        return await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.CreatedAt > oldestStart && s.LastSeenAt > idleSince)
            .OrderByDescending(s => s.CreatedAt)
            .ToListAsync(ct);
    }

    /// <summary>Ends one of the user's own sessions (logout, or "end" on another one), audited in the same save.</summary>
    public async Task<bool> EndAsync(long userId, string sessionId, string reason, CancellationToken ct)
    {
        var session = await db.Set<UserSession>().SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        if (session is null || session.EndedAt is not null) return false;
        session.EndedAt = clock.UtcNow();
        // The audit names the session by its first characters only: enough to tell sessions apart, not to forge one.
        audit.Add(AuditLog.Actions.Logout, Entity, sessionId[..8], detail: reason);
        await db.SaveChangesAsync(ct);
        return true;
    }
}

public static class UserSessionsSetup
{
    public static IServiceCollection AddUserSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SessionOptions>(configuration.GetSection(SessionOptions.Section));
        return services.AddScoped<UserSessions>();
    }
}
