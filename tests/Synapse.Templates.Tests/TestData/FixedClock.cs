namespace Synapse.Templates.Tests.TestData;

/// <summary>A clock stopped at one local time (what strftime_now reads), in UTC so local equals the given time.</summary>
public sealed class FixedClock(DateTime localTime) : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(localTime, DateTimeKind.Utc));
}
