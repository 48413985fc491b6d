using System.Security.Cryptography;

namespace Synapse.OpenAI.Responses;

/// <summary>Ids of output and input items, in OpenAI's prefixes: <c>msg_</c>, <c>fc_</c>, <c>fco_</c>, <c>rs_</c>, then 48 hex digits.</summary>
public static class ResponseItemIds
{
    public static string NewMessageId() => "msg_" + RandomHex();

    public static string NewFunctionCallId() => "fc_" + RandomHex();

    public static string NewFunctionCallOutputId() => "fco_" + RandomHex();

    public static string NewReasoningId() => "rs_" + RandomHex();

    /// <summary>A new id for an item of <paramref name="type"/>.</summary>
    public static string New(string? type) => type switch
    {
        ResponseItem.FunctionCallType => NewFunctionCallId(),
        ResponseItem.FunctionCallOutputType => NewFunctionCallOutputId(),
        ResponseItem.ReasoningType => NewReasoningId(),
        _ => NewMessageId(),
    };

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
