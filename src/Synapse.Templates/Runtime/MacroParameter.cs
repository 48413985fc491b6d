using Synapse.Templates.Ast;

namespace Synapse.Templates.Runtime;

internal sealed record MacroParameter(string Name, Expression? Default);
