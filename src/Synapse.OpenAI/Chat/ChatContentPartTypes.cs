namespace Synapse.OpenAI.Chat;

/// <summary>Content part <c>type</c> values OpenAI defines. Only <c>text</c> (and <c>refusal</c> from assistants) is served.</summary>
public static class ChatContentPartTypes
{
    public const string Text = "text";
    public const string Refusal = "refusal";
    public const string ImageUrl = "image_url";
    public const string InputAudio = "input_audio";
    public const string File = "file";
}
