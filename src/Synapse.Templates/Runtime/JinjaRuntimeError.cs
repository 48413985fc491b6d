namespace Synapse.Templates.Runtime;

/// <summary>A failure while evaluating; the innermost statement stamps its line on the way out.</summary>
internal sealed class JinjaRuntimeError(string errorType, string message, bool raisedByTemplate = false) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    public bool RaisedByTemplate { get; } = raisedByTemplate;

    public int? Line { get; set; }

    public static JinjaRuntimeError Type(string message) => new("TypeError", message);

    public static JinjaRuntimeError Value(string message) => new("ValueError", message);

    public static JinjaRuntimeError Undefined(string message) => new("UndefinedError", message);

    public static JinjaRuntimeError Security(string message) => new("SecurityError", message);
}
