using Synapse.Templates;

namespace Synapse.Node.Prompting;

/// <summary>
/// Finds templates that reject the system role (Gemma's raise "System role not supported"): rendering a
/// system + user conversation fails while the same user message alone renders.
/// </summary>
public static class SystemRoleProbe
{
    public static bool RejectsSystemRole(ChatTemplate template, string? bosToken, string? eosToken)
    {
        var user = new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Hello" };
        var system = new Dictionary<string, object?> { ["role"] = "system", ["content"] = "Be brief." };
        return !Renders(template, [system, user], bosToken, eosToken) && Renders(template, [user], bosToken, eosToken);
    }

    private static bool Renders(ChatTemplate template, List<object?> messages, string? bosToken, string? eosToken)
    {
        try
        {
            template.Render(new ChatTemplateInput { Messages = messages, BosToken = bosToken, EosToken = eosToken });
            return true;
        }
        catch (TemplateRenderException)
        {
            return false;
        }
    }
}
