using Synapse.OpenAI.Common;

namespace Synapse.Node.Tools;

/// <summary>
/// Splits one choice's generated text, as it grows, into content, reasoning and tool calls. Text that could still
/// become a marker (<c>&lt;tool_call&gt;</c>, <c>&lt;/think&gt;</c>, …) is held back, so no marker ever reaches
/// the content; a call is handed out whole, with a fresh <c>call_…</c> id, once its text has ended — or, with
/// <see cref="ChatOutputOptions.StreamArguments"/>, started once its name is known and its arguments' text handed out
/// as it grows (never the marker or the text that closes the call). Streaming and non-streaming answers run the same
/// parser, so both carry the same calls. One instance per choice.
/// </summary>
public sealed class ChatOutputParser
{
    private const string ThinkOpen = "<think>";
    private const string ThinkClose = "</think>";

    private readonly ChatOutputOptions _options;
    private readonly ToolCallSyntax _syntax;
    private readonly List<OutputPiece> _pieces = [];
    private string _pending = "";
    private Mode _mode;
    private string _marker = "";
    private string _gap = "";
    private bool _contentStarted;
    private bool _afterReasoning;
    // The call whose arguments are being handed out as they grow.
    private StreamedCall? _streamed;

    public ChatOutputParser(ChatOutputOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _syntax = ToolCallSyntax.For(options.Format);
        _mode = options.ParseReasoning && options.StartsInReasoning ? Mode.Reasoning : Mode.Content;
    }

    private enum Mode
    {
        Content,
        Reasoning,
        Call,
        Whole,
    }

    /// <summary>Calls handed out so far.</summary>
    public int CallCount { get; private set; }

    /// <summary>Adds generated text; returns the pieces it completed (valid until the next call).</summary>
    public IReadOnlyList<OutputPiece> Append(string text)
    {
        _pieces.Clear();
        _pending += text;
        Process(final: false);
        return _pieces;
    }

    /// <summary>The output has ended: returns everything still held back.</summary>
    public IReadOnlyList<OutputPiece> Finish()
    {
        _pieces.Clear();
        Process(final: true);
        return _pieces;
    }

    /// <summary>Parses a whole answer at once.</summary>
    public static IReadOnlyList<OutputPiece> ParseAll(ChatOutputOptions options, string text)
    {
        var parser = new ChatOutputParser(options);
        var pieces = new List<OutputPiece>(parser.Append(text));
        pieces.AddRange(parser.Finish());
        return pieces;
    }

    private void Process(bool final)
    {
        while (true)
        {
            switch (_mode)
            {
                case Mode.Reasoning:
                    if (!ProcessReasoning(final))
                    {
                        return;
                    }

                    break;
                case Mode.Content:
                    if (!ProcessContent(final))
                    {
                        return;
                    }

                    break;
                case Mode.Call:
                    if (!ProcessCall(final))
                    {
                        return;
                    }

                    break;
                default:
                    if (final)
                    {
                        ProcessWhole();
                    }

                    return;
            }
        }
    }

    private bool ProcessReasoning(bool final)
    {
        var close = _pending.IndexOf(ThinkClose, StringComparison.Ordinal);
        if (close >= 0)
        {
            Emit(OutputPieceKind.Reasoning, _pending[..close]);
            _pending = _pending[(close + ThinkClose.Length)..];
            _mode = Mode.Content;
            _afterReasoning = true;
            return true;
        }

        var keep = final ? 0 : HeldBack(_pending, ThinkClose);
        Emit(OutputPieceKind.Reasoning, _pending[..^keep]);
        _pending = _pending[^keep..];
        return false;
    }

    private bool ProcessContent(bool final)
    {
        if (!_contentStarted)
        {
            var trimmed = _pending.TrimStart();
            if (trimmed.Length == 0)
            {
                if (final && !_afterReasoning)
                {
                    Emit(OutputPieceKind.Content, _pending);
                }

                if (final)
                {
                    _pending = "";
                }

                return false;
            }

            if (_options.ParseReasoning && !_afterReasoning)
            {
                if (trimmed.StartsWith(ThinkOpen, StringComparison.Ordinal))
                {
                    _pending = trimmed[ThinkOpen.Length..];
                    _mode = Mode.Reasoning;
                    return true;
                }

                if (!final && ThinkOpen.StartsWith(trimmed, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            if (_options.ParseToolCalls && (_options.Format == ToolCallFormat.Generic || trimmed[0] is '{' or '[' || trimmed.StartsWith("```", StringComparison.Ordinal)))
            {
                // A reply that opens with a marker ([TOOL_CALLS] opens with '[') is read as calls, as they come.
                var opening = _syntax.Markers.Any(m => trimmed.StartsWith(m, StringComparison.Ordinal));
                if (!opening && !final && _syntax.Markers.Any(m => m.StartsWith(trimmed, StringComparison.Ordinal)))
                {
                    return false;
                }

                if (!opening)
                {
                    // A reply that opens as JSON may be a call written without a marker: read it once it has ended.
                    _mode = Mode.Whole;
                    return true;
                }
            }

            if (_afterReasoning)
            {
                _pending = trimmed;
            }
        }

        var (index, marker) = _options.ParseToolCalls ? FirstMarker(_pending) : (-1, "");
        if (index >= 0)
        {
            // Whitespace that only separates text from a call is not content; it is kept in case no call follows.
            var before = _pending[..index];
            var kept = before.TrimEnd();
            Emit(OutputPieceKind.Content, kept);
            _gap = before[kept.Length..];

            _pending = _pending[index..];
            _marker = marker;
            _mode = Mode.Call;
            return true;
        }

        var held = final ? 0 : HeldBackAny(_pending);
        var text = _pending[..^held];
        if (string.IsNullOrWhiteSpace(text))
        {
            // Whitespace between or after calls is not content; it is sent once something else follows it.
            if (final)
            {
                if (CallCount == 0 && _contentStarted)
                {
                    Emit(OutputPieceKind.Content, text);
                }

                _pending = "";
            }

            return false;
        }

        // Trailing whitespace waits for what follows: before a call it is dropped, before more text it is sent.
        var sent = final ? text : text.TrimEnd();
        Emit(OutputPieceKind.Content, sent);
        _pending = _pending[sent.Length..];
        return false;
    }

    private bool ProcessCall(bool final)
    {
        var scan = _syntax.Scan(_pending, 0, final);
        switch (scan.Status)
        {
            case CallScanStatus.Complete:
                EmitCalls(scan.Calls);
                _gap = "";
                _pending = _pending[scan.End..];
                _mode = Mode.Content;
                return true;
            case CallScanStatus.Incomplete when !final:
                StreamCall();
                return false;
            case CallScanStatus.Invalid when final && _syntax.Scan(_pending, 0, final: false).Status == CallScanStatus.Incomplete:
                // A call cut off by max_tokens: not a call, and its marker must not reach the content either.
                // (A call already started stays as far as it was streamed, as OpenAI's do at finish_reason "length".)
                _streamed = null;
                _pending = "";
                _mode = Mode.Content;
                return false;
            case CallScanStatus.Invalid when _streamed is { } streamed:
                // Started, then not a call after all (only unconstrained text can do this): what was streamed stays,
                // the marker stays hidden, and the text not yet streamed is content.
                _streamed = null;
                _gap = "";
                _pending = _pending[(streamed.ArgumentsStart + streamed.Sent)..];
                _mode = Mode.Content;
                return true;
            default:
                // Not a call after all: the marker's text is content.
                Emit(OutputPieceKind.Content, _gap + _marker);
                _gap = "";
                _pending = _pending[_marker.Length..];
                _mode = Mode.Content;
                return true;
        }
    }

    private void ProcessWhole()
    {
        var text = StripCodeFence(_pending.Trim());
        // The JSON value the reply opens with; text the model wrote around it stays content.
        var start = _options.Format == ToolCallFormat.Generic ? Math.Max(0, text.IndexOf('{', StringComparison.Ordinal)) : 0;
        var end = JsonValueScanner.FindEnd(text, start);
        if (end > start)
        {
            var json = text[start..end];
            IReadOnlyList<ParsedToolCall>? calls = null;
            string? response = null;
            if (_options.Format == ToolCallFormat.Generic)
            {
                if (GenericToolCallSyntax.ReadEnvelope(json, _options.JsonResponse) is { } envelope)
                {
                    calls = envelope.Calls;
                    response = envelope.Response;
                }
            }
            else if (ToolCallSyntax.ParseBareCalls(json) is { } bare && bare.All(c => _options.ToolNames.Contains(c.Name)))
            {
                calls = bare;
            }

            if (calls is { Count: > 0 } || response is not null)
            {
                _pending = "";
                Emit(OutputPieceKind.Content, text[..start].Trim());
                if (calls is { Count: > 0 })
                {
                    EmitCalls(calls);
                }

                Emit(OutputPieceKind.Content, response ?? "");
                _pending = text[end..];
                _mode = Mode.Content;
                _contentStarted = true;
                Process(final: true);
                return;
            }
        }

        // Plain text after all: read it as content, markers included.
        _mode = Mode.Content;
        _contentStarted = true;
        Process(final: true);
    }

    private static string StripCodeFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLine = text.IndexOf('\n');
        return firstLine < 0 ? text : text[(firstLine + 1)..^3].Trim();
    }

    private void EmitCalls(IReadOnlyList<ParsedToolCall> calls)
    {
        var first = 0;
        if (_streamed is { } streamed && calls.Count > 0)
        {
            // The call started already: only the rest of its arguments. They are the text it streamed from, so what
            // was sent is their start.
            first = 1;
            var sent = _pending.AsSpan(streamed.ArgumentsStart, streamed.Sent);
            var arguments = calls[0].Arguments;
            if (arguments.AsSpan().StartsWith(sent, StringComparison.Ordinal) && arguments.Length > sent.Length)
            {
                _pieces.Add(new OutputPiece(OutputPieceKind.ToolCallArguments, arguments[sent.Length..], streamed.Index));
            }
        }

        _streamed = null;
        for (var i = first; i < calls.Count; i++)
        {
            _pieces.Add(new OutputPiece(OutputPieceKind.ToolCall, "", CallCount++, OpenAIIds.NewToolCallId(), calls[i]));
        }
    }

    /// <summary>
    /// Hands out the call being written as far as it goes: its start once the name is known, then the arguments'
    /// new text. While the arguments object is open, all text after its start belongs to it.
    /// </summary>
    private void StreamCall()
    {
        if (!_options.StreamArguments)
        {
            return;
        }

        if (_streamed is null)
        {
            if (_syntax.FirstCallStart(_pending, 0) is not { } start)
            {
                return;
            }

            _streamed = new StreamedCall(CallCount++, start.ArgumentsStart);
            _pieces.Add(new OutputPiece(OutputPieceKind.ToolCallStart, "", _streamed.Index, OpenAIIds.NewToolCallId(), new ParsedToolCall(start.Name, "")));
        }

        var call = _streamed;
        var end = JsonValueScanner.FindEnd(_pending, call.ArgumentsStart);
        var written = (end < 0 ? _pending.Length : end) - call.ArgumentsStart;
        if (written > call.Sent)
        {
            _pieces.Add(new OutputPiece(OutputPieceKind.ToolCallArguments, _pending.Substring(call.ArgumentsStart + call.Sent, written - call.Sent), call.Index));
            call.Sent = written;
        }
    }

    private void Emit(OutputPieceKind kind, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (kind == OutputPieceKind.Content)
        {
            _contentStarted = true;
        }

        _pieces.Add(new OutputPiece(kind, text));
    }

    private (int Index, string Marker) FirstMarker(string text)
    {
        var best = (-1, "");
        foreach (var marker in _syntax.Markers)
        {
            var index = text.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0 && (best.Item1 < 0 || index < best.Item1))
            {
                best = (index, marker);
            }
        }

        return best;
    }

    private sealed class StreamedCall(int index, int argumentsStart)
    {
        public int Index { get; } = index;

        /// <summary>Where the arguments object starts in the pending text (which keeps the call's text until it ends).</summary>
        public int ArgumentsStart { get; } = argumentsStart;

        /// <summary>Characters of the arguments handed out so far.</summary>
        public int Sent { get; set; }
    }

    private int HeldBackAny(string text)
    {
        var held = 0;
        if (_options.ParseToolCalls)
        {
            foreach (var marker in _syntax.Markers)
            {
                held = Math.Max(held, HeldBack(text, marker));
            }
        }

        return held;
    }

    /// <summary>Length of the longest end of <paramref name="text"/> that is a proper prefix of <paramref name="marker"/>.</summary>
    private static int HeldBack(string text, string marker)
    {
        for (var length = Math.Min(marker.Length - 1, text.Length); length > 0; length--)
        {
            if (string.CompareOrdinal(text, text.Length - length, marker, 0, length) == 0)
            {
                return length;
            }
        }

        return 0;
    }
}
