namespace Synapse.Engine.Grammar;

/// <summary>llama.cpp's grammar parser rejected a grammar (a syntax error, an undefined rule, left recursion, no root rule).</summary>
public sealed class InvalidGrammarException(string message) : Exception(message);
