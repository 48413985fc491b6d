using Synapse.Engine;

namespace Synapse.Node.Prompting;

/// <summary>
/// Tokenizes rendered prompts the way llama-server does: special-token text (template markers such as
/// <c>&lt;|im_start|&gt;</c>) maps to the special tokens, and BOS is added only when the model wants it and the
/// text does not already begin with it (templates often write it themselves).
/// </summary>
public sealed class PromptTokenizer(IInferenceEngine engine)
{
    public int[] Tokenize(string text)
    {
        var model = engine.Model;
        var addBos = model.AddBos && !(model.BosToken is { Length: > 0 } bos && text.StartsWith(bos, StringComparison.Ordinal));
        return engine.Tokenize(text, addSpecial: addBos, parseSpecial: true);
    }
}
