using System.Text.Json.Serialization.Metadata;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// Makes <c>usage</c> of stream chunks follow OpenAI: present (null until the last) when the request set
/// <c>include_usage</c>, absent otherwise. An attribute cannot say "null depends on another field".
/// </summary>
internal static class StreamUsageModifier
{
    public static void Apply(JsonTypeInfo typeInfo)
    {
        if (!typeof(IStreamUsage).IsAssignableFrom(typeInfo.Type)) return;
        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "usage")
                property.ShouldSerialize = static (owner, value) => value is not null || ((IStreamUsage)owner).IncludeUsage;
        }
    }
}
