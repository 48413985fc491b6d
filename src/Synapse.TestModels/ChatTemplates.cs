namespace Synapse.TestModels;

/// <summary>Chat templates the test models carry.</summary>
public static class ChatTemplates
{
    /// <summary>ChatML, as SmolLM2-Instruct and Qwen use; llama.cpp's built-in template support recognises it.</summary>
    public const string ChatML =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
}
