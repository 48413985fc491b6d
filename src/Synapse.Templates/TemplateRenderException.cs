namespace Synapse.Templates;

/// <summary>
/// Rendering failed. When the template called <c>raise_exception(msg)</c> the message is exactly <c>msg</c>
/// (it is meant for the user); otherwise it is a runtime error (Python's TypeError, Jinja's UndefinedError, ...)
/// and the message names the line.
/// </summary>
public sealed class TemplateRenderException : TemplateException
{
    internal TemplateRenderException(string reason, string errorType, bool raisedByTemplate, string? templateName, int? line)
        : base(raisedByTemplate ? reason : Locate(reason, templateName, line), reason, templateName, line)
    {
        ErrorType = errorType;
        RaisedByTemplate = raisedByTemplate;
    }

    /// <summary>Python's name for the failure: TemplateError (raise_exception), TypeError, UndefinedError, SecurityError, ...</summary>
    public string ErrorType { get; }

    /// <summary>True when the template itself called <c>raise_exception</c>.</summary>
    public bool RaisedByTemplate { get; }
}
