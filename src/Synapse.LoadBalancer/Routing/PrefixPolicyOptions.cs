namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// The <c>prefix</c> policy's settings (see <see cref="PrefixPolicy"/>), checked at start with the balancer's other
/// options. The match threshold is SGLang's router's; the load limits are scaled down from its (64 requests) to
/// nodes of a few slots each. The absolute limit is a node's default slot count (4): only a gap above it means the
/// busiest node queues, and a move below it costs the moved conversation a cold prefill and gains nothing (the
/// fleet replay at 2 moved a turn-8 request off a node running its 4 slots, and missed the 80 % cached target).
/// </summary>
public sealed class PrefixPolicyOptions
{
    public const double DefaultMatchThreshold = 0.5;

    public const int DefaultBalanceAbsolute = 4;

    public const double DefaultBalanceRelative = 1.5;

    /// <summary>Per node: about 8 MB of text plus the tree's bookkeeping.</summary>
    public const int DefaultTreeCharacters = 4_000_000;

    public const int MinTreeCharacters = 1024;

    public static readonly TimeSpan DefaultEntryLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Share of a request's text (0 to 1) a node's tree must already hold for the node to be preferred.</summary>
    public double MatchThreshold { get; set; } = DefaultMatchThreshold;

    /// <summary>
    /// In-flight requests by which the busiest node must exceed the least busy one (and <see cref="BalanceRelative"/>
    /// times as many) before load, not the prefix, decides.
    /// </summary>
    public int BalanceAbsolute { get; set; } = DefaultBalanceAbsolute;

    public double BalanceRelative { get; set; } = DefaultBalanceRelative;

    /// <summary>Characters each node's tree may hold before its least recently used branches are dropped.</summary>
    public int TreeCharacters { get; set; } = DefaultTreeCharacters;

    /// <summary>How long a branch no request used is kept.</summary>
    public TimeSpan EntryLifetime { get; set; } = DefaultEntryLifetime;
}
