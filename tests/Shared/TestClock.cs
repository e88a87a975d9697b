using System.Diagnostics;

namespace EqualCare.TestSupport;

/// <summary>
/// The app's clock in tests: it starts at a chosen instant and runs on at the real pace, so no test depends on the day it
/// runs. <see cref="MidQuarter"/> is the fixtures' day; a test that needs another (a quarter's end, 31 December) sets it
/// with <see cref="At"/> and the clock returns to where it was when the test is done.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>Friday 15 May 2026, 10:00 Beijing time: mid-quarter, mid-month, a working day.</summary>
    public static readonly DateTimeOffset MidQuarter = new(2026, 5, 15, 10, 0, 0, TimeSpan.FromHours(8));

    DateTimeOffset origin = start;
    long startedAt = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => origin.ToUniversalTime() + Stopwatch.GetElapsedTime(startedAt);

    /// <summary>Moves the clock to <paramref name="now"/> until the result is disposed.</summary>
    public IDisposable At(DateTimeOffset now)
    {
        var (previous, previousStart) = (origin, startedAt);
        (origin, startedAt) = (now, Stopwatch.GetTimestamp());
        return new Restore(() => (origin, startedAt) = (previous, previousStart));
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
