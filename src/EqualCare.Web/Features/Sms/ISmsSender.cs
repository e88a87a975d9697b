namespace EqualCare.Web.Features.Sms;

/// <summary>
/// Delivers one SMS. The office plugs in its gateway by registering another implementation in DI; the phone number is
/// passed in at send time (read from the case) and must never be logged or stored by an implementation.
/// </summary>
public interface ISmsSender
{
    /// <summary>Recorded on each message sent, so the outbox shows which sender delivered it.</summary>
    string Name { get; }

    /// <returns>True when the message was accepted for delivery.</returns>
    Task<bool> SendAsync(string phone, string body, CancellationToken ct);
}

/// <summary>
/// The default sender: no gateway. A message counts as sent once it is in the outbox, where workers read it and pass it
/// on by hand; an office with a gateway registers its own <see cref="ISmsSender"/>.
/// </summary>
public sealed class OutboxSmsSender : ISmsSender
{
    public string Name => "outbox";

    public Task<bool> SendAsync(string phone, string body, CancellationToken ct) => Task.FromResult(true);
}
