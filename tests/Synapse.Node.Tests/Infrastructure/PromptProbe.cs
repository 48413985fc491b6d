using Microsoft.Extensions.DependencyInjection;
using Synapse.Node.Prompting;
using Synapse.OpenAI.Chat;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>What the node itself makes of a conversation: the rendered prompt and its token count.</summary>
internal static class PromptProbe
{
    public static ChatCompletionRequest Request(params (string Role, string Content)[] messages) => new()
    {
        Messages = messages.Select(m => new ChatMessage { Role = m.Role, Content = m.Content }).ToList(),
    };

    public static string Render(NodeHost host, params (string Role, string Content)[] messages) =>
        host.Services.GetRequiredService<IPromptRenderer>().RenderChat(Request(messages));

    public static int PromptTokens(NodeHost host, params (string Role, string Content)[] messages) =>
        host.Services.GetRequiredService<PromptTokenizer>().Tokenize(Render(host, messages)).Length;
}
