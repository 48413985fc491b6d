using Synapse.Node.Tools;

namespace Synapse.Node.Tests.Tools;

/// <summary>
/// The output parser on text arriving in every possible split: markers never reach content, calls come out whole
/// with fresh call_ ids, reasoning is split off, and streaming gives exactly what the whole text gives.
/// </summary>
public sealed class ChatOutputParserTests
{
    private static readonly HashSet<string> Names = new(["get_weather", "get_time"], StringComparer.Ordinal);

    private static ChatOutputOptions Tools(ToolCallFormat format) => new() { Format = format, ParseToolCalls = true, ToolNames = Names };

    public static TheoryData<ToolCallFormat, string, string> Outputs() => new()
    {
        { ToolCallFormat.Hermes, "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>", "Let me check." },
        { ToolCallFormat.Llama3, "<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}; {\"name\": \"get_time\", \"parameters\": {}}", "" },
        { ToolCallFormat.Llama3, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}", "" },
        { ToolCallFormat.MistralNemo, "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}, \"id\": \"abcDEF123\"}, {\"name\": \"get_time\", \"arguments\": {}}]", "" },
        { ToolCallFormat.MistralArgs, "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}[TOOL_CALLS]get_time[CALL_ID]abcDEF123[ARGS]{}", "" },
        { ToolCallFormat.Phi4Mini, "<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]<|/tool_call|>", "" },
        { ToolCallFormat.Generic, "{\"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]}", "" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Every_split_of_the_text_gives_the_same_calls_and_no_marker_in_content(ToolCallFormat format, string text, string content)
    {
        var whole = ChatOutputParser.ParseAll(Tools(format), text);
        var expectedCalls = whole.Where(p => p.Kind == OutputPieceKind.ToolCall).Select(p => p.Call).ToList();
        Assert.NotEmpty(expectedCalls);
        Assert.Equal("get_weather", expectedCalls[0]!.Name);
        Assert.Contains("Paris", expectedCalls[0]!.Arguments, StringComparison.Ordinal);
        Assert.Equal(content, string.Concat(whole.Where(p => p.Kind == OutputPieceKind.Content).Select(p => p.Text)));

        for (var size = 1; size <= 7; size++)
        {
            var parser = new ChatOutputParser(Tools(format));
            var pieces = new List<OutputPiece>();
            for (var i = 0; i < text.Length; i += size)
            {
                pieces.AddRange(parser.Append(text.Substring(i, Math.Min(size, text.Length - i))));
            }

            pieces.AddRange(parser.Finish());
            Assert.Equal(expectedCalls, pieces.Where(p => p.Kind == OutputPieceKind.ToolCall).Select(p => p.Call));
            Assert.Equal(content, string.Concat(pieces.Where(p => p.Kind == OutputPieceKind.Content).Select(p => p.Text)));
            var ids = pieces.Where(p => p.Kind == OutputPieceKind.ToolCall).Select(p => p.CallId!).ToList();
            Assert.All(ids, id => Assert.StartsWith("call_", id, StringComparison.Ordinal));
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(Enumerable.Range(0, ids.Count), pieces.Where(p => p.Kind == OutputPieceKind.ToolCall).Select(p => p.CallIndex));
        }
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Streamed_arguments_assemble_into_the_whole_calls(ToolCallFormat format, string text, string content)
    {
        var expected = ChatOutputParser.ParseAll(Tools(format), text).Where(p => p.Kind == OutputPieceKind.ToolCall).Select(p => p.Call!).ToList();
        var markers = ToolCallSyntax.For(format).ControlMarkers;
        for (var size = 1; size <= 7; size++)
        {
            var parser = new ChatOutputParser(Tools(format) with { StreamArguments = true });
            var pieces = new List<OutputPiece>();
            for (var i = 0; i < text.Length; i += size)
            {
                pieces.AddRange(parser.Append(text.Substring(i, Math.Min(size, text.Length - i))));
            }

            pieces.AddRange(parser.Finish());

            // What a client's accumulator does: a call is named by its first delta, its arguments are the rest.
            var calls = new SortedDictionary<int, (string Name, string Id, System.Text.StringBuilder Arguments)>();
            var fragments = new Dictionary<int, int>();
            foreach (var piece in pieces)
            {
                switch (piece.Kind)
                {
                    case OutputPieceKind.ToolCall:
                        calls.Add(piece.CallIndex, (piece.Call!.Name, piece.CallId!, new System.Text.StringBuilder(piece.Call.Arguments)));
                        break;
                    case OutputPieceKind.ToolCallStart:
                        Assert.Equal("", piece.Call!.Arguments);
                        calls.Add(piece.CallIndex, (piece.Call.Name, piece.CallId!, new System.Text.StringBuilder()));
                        break;
                    case OutputPieceKind.ToolCallArguments:
                        Assert.All(markers, m => Assert.DoesNotContain(m, piece.Text, StringComparison.Ordinal));
                        calls[piece.CallIndex].Arguments.Append(piece.Text);
                        fragments[piece.CallIndex] = fragments.GetValueOrDefault(piece.CallIndex) + 1;
                        break;
                }
            }

            Assert.Equal(expected, calls.Values.Select(c => new ParsedToolCall(c.Name, c.Arguments.ToString())));
            Assert.Equal(Enumerable.Range(0, expected.Count), calls.Keys);
            Assert.All(calls.Values, c => Assert.StartsWith("call_", c.Id, StringComparison.Ordinal));
            Assert.Equal(content, string.Concat(pieces.Where(p => p.Kind == OutputPieceKind.Content).Select(p => p.Text)));
            if (markers.Any(m => text.StartsWith(m, StringComparison.Ordinal)))
            {
                // The first call's arguments {"city": "Paris"} arrive in several pieces as the text grows.
                Assert.True(fragments.GetValueOrDefault(0) > 1, $"{format}, split {size}: {fragments.GetValueOrDefault(0)} argument pieces");
            }
        }
    }

    [Fact]
    public void A_call_is_only_streamed_when_its_name_comes_before_its_arguments()
    {
        var text = "<tool_call>\n{\"arguments\": {\"city\": \"Paris\"}, \"name\": \"get_weather\"}\n</tool_call>";
        var parser = new ChatOutputParser(Tools(ToolCallFormat.Hermes) with { StreamArguments = true });
        var pieces = new List<OutputPiece>();
        foreach (var c in text)
        {
            pieces.AddRange(parser.Append(c.ToString()));
        }

        pieces.AddRange(parser.Finish());
        var call = Assert.Single(pieces);
        Assert.Equal(OutputPieceKind.ToolCall, call.Kind);
        Assert.Equal("{\"city\": \"Paris\"}", call.Call!.Arguments);
    }

    [Fact]
    public void A_bare_json_call_is_recognised_only_when_it_names_an_offered_function()
    {
        var call = ChatOutputParser.ParseAll(Tools(ToolCallFormat.Hermes), " {\"name\": \"get_time\", \"arguments\": {\"zone\": \"UTC\"}}");
        Assert.Equal("get_time", Assert.Single(call).Call!.Name);

        var json = ChatOutputParser.ParseAll(Tools(ToolCallFormat.Hermes), "{\"name\": \"Ada\", \"arguments\": {}}");
        Assert.Equal(OutputPieceKind.Content, Assert.Single(json).Kind);
    }

    [Fact]
    public void A_marker_not_followed_by_a_call_is_content()
    {
        var pieces = ChatOutputParser.ParseAll(Tools(ToolCallFormat.Hermes), "Use <tool_call> tags like this.");
        Assert.Equal("Use <tool_call> tags like this.", string.Concat(pieces.Select(p => p.Text)));
        Assert.DoesNotContain(pieces, p => p.Kind == OutputPieceKind.ToolCall);
    }

    [Fact]
    public void Without_tools_markers_are_plain_content()
    {
        var options = new ChatOutputOptions { Format = ToolCallFormat.Hermes };
        var text = "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>";
        Assert.Equal(text, string.Concat(ChatOutputParser.ParseAll(options, text).Select(p => p.Text)));
    }

    [Theory]
    [InlineData(false, "<think>\nweigh it\n</think>\n\nThe answer.")]
    [InlineData(true, "\nweigh it\n</think>\n\nThe answer.")]
    public void Think_blocks_go_to_reasoning(bool startsInReasoning, string text)
    {
        var options = new ChatOutputOptions { ParseReasoning = true, StartsInReasoning = startsInReasoning };
        for (var size = 1; size <= 5; size++)
        {
            var parser = new ChatOutputParser(options);
            var pieces = new List<OutputPiece>();
            for (var i = 0; i < text.Length; i += size)
            {
                pieces.AddRange(parser.Append(text.Substring(i, Math.Min(size, text.Length - i))));
            }

            pieces.AddRange(parser.Finish());
            Assert.Equal("\nweigh it\n", string.Concat(pieces.Where(p => p.Kind == OutputPieceKind.Reasoning).Select(p => p.Text)));
            Assert.Equal("The answer.", string.Concat(pieces.Where(p => p.Kind == OutputPieceKind.Content).Select(p => p.Text)));
        }
    }

    [Fact]
    public void Reasoning_then_a_call()
    {
        var options = Tools(ToolCallFormat.Hermes) with { ParseReasoning = true };
        var pieces = ChatOutputParser.ParseAll(options, "<think>I need the weather.</think>\n\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>");
        Assert.Equal([OutputPieceKind.Reasoning, OutputPieceKind.ToolCall], pieces.Select(p => p.Kind));
    }

    [Fact]
    public void Inline_reasoning_keeps_the_think_block_in_content()
    {
        var text = "<think>hm</think>Yes.";
        Assert.Equal(text, string.Concat(ChatOutputParser.ParseAll(new ChatOutputOptions { ParseReasoning = false }, text).Select(p => p.Text)));
    }

    [Theory]
    [InlineData("{\"response\": {\"verdict\": \"yes\"}}", "{\"verdict\": \"yes\"}")]
    [InlineData("{\"response\": \"yes\"}", "\"yes\"")]
    [InlineData("{\"response\": [1, 2]}", "[1, 2]")]
    public void A_json_response_in_the_envelope_is_the_content_as_json(string reply, string content)
    {
        var options = new ChatOutputOptions { Format = ToolCallFormat.Generic, ParseToolCalls = true, JsonResponse = true };
        var pieces = ChatOutputParser.ParseAll(options, reply);
        Assert.Equal(content, string.Concat(pieces.Where(p => p.Kind == OutputPieceKind.Content).Select(p => p.Text)));
        Assert.DoesNotContain(pieces, p => p.Kind == OutputPieceKind.ToolCall);
        // Calls in the same envelope still come as calls.
        var call = Assert.Single(ChatOutputParser.ParseAll(options, "{\"tool_calls\": [{\"name\": \"f\", \"arguments\": {\"a\": 1}}]}"), p => p.Kind == OutputPieceKind.ToolCall);
        Assert.Equal("f", call.Call!.Name);
    }
}
