namespace Synapse.Testing;

/// <summary>Chat templates the tests give nodes with <c>--chat-template</c>.</summary>
public static class ChatTemplates
{
    /// <summary>A compact Qwen 2.5-style template: tools as JSON in the system turn, calls and results in Hermes tags.</summary>
    public const string Hermes = """
        {%- if tools %}<|im_start|>system
        {% if messages[0].role == 'system' %}{{ messages[0].content }}

        {% endif %}# Tools
        <tools>
        {% for tool in tools %}{{ tool | tojson }}
        {% endfor %}</tools>
        For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags.<|im_end|>
        {% elif messages[0].role == 'system' %}<|im_start|>system
        {{ messages[0].content }}<|im_end|>
        {% endif %}
        {%- for message in messages %}
        {%- if message.role == 'system' %}
        {%- elif message.role == 'assistant' and message.tool_calls %}<|im_start|>assistant
        {% if message.content %}{{ message.content }}{% endif %}{% for call in message.tool_calls %}<tool_call>
        {"name": "{{ call.function.name }}", "arguments": {{ call.function.arguments | tojson }}}
        </tool_call>{% endfor %}<|im_end|>
        {% elif message.role == 'tool' %}<|im_start|>user
        <tool_response>
        {{ message.content }}
        </tool_response><|im_end|>
        {% else %}<|im_start|>{{ message.role }}
        {{ message.content }}<|im_end|>
        {% endif %}
        {%- endfor %}
        {%- if add_generation_prompt %}<|im_start|>assistant
        {% endif %}
        """;
}
