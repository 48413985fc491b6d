namespace Synapse.Templates;

/// <summary>A clock stopped at one local time, for <c>strftime_now</c> in tests and case files (local time is the time given).</summary>
public sealed class FixedClock(DateTime localTime) : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(localTime, DateTimeKind.Utc));
}
