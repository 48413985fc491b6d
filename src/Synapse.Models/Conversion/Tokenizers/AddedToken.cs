namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>A token added on top of the model vocabulary (tokenizer.json added_tokens or tokenizer_config.json added_tokens_decoder).</summary>
internal sealed record AddedToken(int Id, string Content, bool Special, bool Normalized);
