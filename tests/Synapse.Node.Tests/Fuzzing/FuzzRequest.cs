namespace Synapse.Node.Tests.Fuzzing;

/// <summary>One generated request: everything needed to send it again, and to print it when it fails.</summary>
public sealed record FuzzRequest(int Index, FuzzTarget Target, string Path, string? ContentType, byte[]? Body)
{
    public string Describe() =>
        $"#{Index} {Target.Method} {Path} content-type={ContentType ?? "(none)"} body(base64)={(Body is null ? "(none)" : Convert.ToBase64String(Body.Length > 4096 ? Body[..4096] : Body))}" +
        (Body is { Length: > 4096 } ? $" (first 4096 of {Body.Length} bytes)" : "");
}
