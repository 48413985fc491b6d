using System.Text;
using Synapse.Templates.Ast;
using Synapse.Templates.Parsing;
using Synapse.Templates.Runtime;

namespace Synapse.Templates;

/// <summary>
/// A Jinja2 template parsed once and rendered many times, with Hugging Face's environment: trim_blocks,
/// lstrip_blocks, loop controls, the immutable sandbox, lenient Undefined, <c>raise_exception</c> and
/// <c>strftime_now</c>. Thread-safe: a parsed template holds no render state.
/// </summary>
public sealed class JinjaTemplate
{
    private readonly IReadOnlyList<Statement> _body;

    private JinjaTemplate(IReadOnlyList<Statement> body, string? name, string source)
    {
        _body = body;
        Name = name;
        Source = source;
    }

    public string? Name { get; }

    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="TemplateSyntaxException"/> (naming the line) when it is not valid Jinja.</summary>
    public static JinjaTemplate Parse(string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new JinjaTemplate(Parser.Parse(source, name), name, source);
    }

    /// <summary>
    /// Renders with the given variables. Values may be strings, numbers, booleans, null, dictionaries, lists,
    /// or System.Text.Json elements/nodes (objects keep their key order). <paramref name="clock"/> is what
    /// <c>strftime_now</c> reads (the system clock when null). Throws <see cref="TemplateRenderException"/>.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var root = new Frame(null);
        foreach (var (key, value) in variables)
        {
            root.Set(key, TemplateValues.From(value));
        }

        return RenderFrame(root, clock);
    }

    internal string RenderFrame(Frame root, TimeProvider? clock)
    {
        var context = new RenderContext(clock ?? TimeProvider.System, Globals.All);
        var output = new StringBuilder();
        try
        {
            Statement.RenderAll(_body, context, new Frame(root), output);
        }
        catch (JinjaRuntimeError error)
        {
            throw new TemplateRenderException(error.Message, error.ErrorType, error.RaisedByTemplate, Name, error.Line);
        }
        catch (InvalidCastException error)
        {
            throw new TemplateRenderException(error.Message, "TypeError", false, Name, null);
        }
        catch (OverflowException error)
        {
            throw new TemplateRenderException(error.Message, "OverflowError", false, Name, null);
        }

        return output.ToString();
    }
}
