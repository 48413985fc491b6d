// Usage: node responses.mjs <baseUrl> <model> [apiKey]
// The Responses API with the official `openai` package against a Synapse node serving a random-weight model:
// responses.create and responses.stream (text, JSON schema through zodTextFormat, a forced function call and its
// output sent back with previous_response_id), retrieve, inputItems.list and delete. Random weights never call a
// tool by themselves: every call here is forced (tool_choice), and the grammar makes it valid. Exits non-zero on any failure.
import OpenAI from "openai";
import { zodTextFormat } from "openai/helpers/zod";
import { z } from "zod";

const [baseUrl, model, apiKey = "unused"] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node responses.mjs <baseUrl> <model> [apiKey]");
  process.exit(2);
}

const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, timeout: 300_000, maxRetries: 0 });
const forecast = {
  type: "function",
  name: "get_forecast",
  description: "The weather forecast for the next days.",
  parameters: {
    type: "object",
    properties: { days: { type: "integer", minimum: 1, maximum: 7 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
    required: ["days", "unit"],
    additionalProperties: false,
  },
  strict: true,
};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function checkArguments(text) {
  const args = JSON.parse(text);
  check(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7, `days in 1..7: ${text}`);
  check(["celsius", "fahrenheit"].includes(args.unit), `unit is an enum value: ${text}`);
}

try {
  // Non-streaming text.
  const first = await client.responses.create({ model, input: "Tell me about a little cat.", instructions: "Be brief.", max_output_tokens: 8 });
  check(first.object === "response" && first.id.startsWith("resp_"), `a response object: ${first.id}`);
  check(["completed", "incomplete"].includes(first.status), `status ${first.status}`);
  check(typeof first.output_text === "string", "output_text is a string");
  check(first.output[0].type === "message" && first.output[0].content[0].type === "output_text", "a message with output_text");
  check(first.usage.input_tokens > 0 && first.usage.output_tokens <= 8, `usage ${JSON.stringify(first.usage)}`);
  check(typeof first.usage.input_tokens_details.cached_tokens === "number", "cached_tokens");

  // Continuation: the second turn names the first; the stored conversation is the prompt.
  const second = await client.responses.create({ model, input: "And then?", previous_response_id: first.id, max_output_tokens: 4 });
  check(second.previous_response_id === first.id, "previous_response_id echoed");
  check(second.usage.input_tokens > first.usage.input_tokens, `the first turn is in the second's input (${second.usage.input_tokens} > ${first.usage.input_tokens})`);
  const retrieved = await client.responses.retrieve(first.id);
  check(retrieved.id === first.id && retrieved.output_text === first.output_text, "retrieve returns the stored response");
  const items = [];
  for await (const item of client.responses.inputItems.list(second.id)) items.push(item);
  check(items.length === 1 && items[0].content[0].text === "And then?", `input items of the second turn: ${JSON.stringify(items)}`);

  // Streaming text.
  const stream = client.responses.stream({ model, input: "Tell me a story.", max_output_tokens: 12 });
  let text = "";
  let sequence = -1;
  const types = [];
  for await (const event of stream) {
    check(event.sequence_number === sequence + 1, `sequence_number ${event.sequence_number} after ${sequence}`);
    sequence = event.sequence_number;
    types.push(event.type);
    if (event.type === "response.output_text.delta") text += event.delta;
  }
  const streamed = await stream.finalResponse();
  check(types[0] === "response.created" && types[1] === "response.in_progress", `opening events: ${types.slice(0, 2)}`);
  check(["response.completed", "response.incomplete"].includes(types.at(-1)), `closing event: ${types.at(-1)}`);
  check(streamed.output_text === text, "the deltas make the final text");

  // JSON schema through the zod helper: parsed output.
  const Weather = z.object({ city: z.enum(["Oslo", "Lima"]), warm: z.boolean() });
  const parsed = await client.responses.parse({ model, input: "Weather?", max_output_tokens: 400, text: { format: zodTextFormat(Weather, "weather") } });
  check(["Oslo", "Lima"].includes(parsed.output_parsed?.city), `parsed output: ${parsed.output_text}`);

  // A forced function call, its output sent back with previous_response_id, the answer.
  const called = await client.responses.create({ model, input: "What is the forecast?", tools: [forecast], tool_choice: "required", parallel_tool_calls: false, max_output_tokens: 400 });
  const call = called.output.find((item) => item.type === "function_call");
  check(call && call.name === "get_forecast" && call.call_id.startsWith("call_") && call.id.startsWith("fc_"), `a function_call item: ${JSON.stringify(called.output)}`);
  checkArguments(call.arguments);
  const answer = await client.responses.create({
    model,
    previous_response_id: called.id,
    input: [{ type: "function_call_output", call_id: call.call_id, output: JSON.stringify({ forecast: "sunny" }) }],
    tools: [forecast],
    max_output_tokens: 8,
  });
  check(answer.output[0].type === "message", `the answer is a message: ${JSON.stringify(answer.output)}`);

  // The same round trip streamed, with a named function, the history sent in full instead of by id.
  const callStream = client.responses.stream({ model, input: "What is the forecast?", tools: [forecast], tool_choice: { type: "function", name: "get_forecast" }, max_output_tokens: 400, store: false });
  let argumentsDone = null;
  callStream.on("response.function_call_arguments.done", (event) => { argumentsDone = event.arguments; });
  const streamedCall = await callStream.finalResponse();
  const call2 = streamedCall.output.find((item) => item.type === "function_call");
  check(call2 && argumentsDone === call2.arguments, "the arguments.done event carries the call's arguments");
  checkArguments(call2.arguments);
  const answer2 = await client.responses.create({
    model,
    input: [
      { role: "user", content: "What is the forecast?" },
      call2,
      { type: "function_call_output", call_id: call2.call_id, output: "sunny" },
    ],
    tools: [forecast],
    max_output_tokens: 8,
  });
  check(answer2.output[0].type === "message", "the answer to the replayed history is a message");

  // store: false kept nothing; delete removes what was kept.
  await client.responses.retrieve(streamedCall.id).then(() => { throw new Error("an unstored response was found"); }, (e) => check(e.status === 404, `404 for an unstored response, got ${e.status}`));
  await client.responses.delete(first.id);
  await client.responses.retrieve(first.id).then(() => { throw new Error("a deleted response was found"); }, (e) => check(e.status === 404, `404 after delete, got ${e.status}`));
  await client.responses.create({ model, input: "hi", previous_response_id: first.id }).then(
    () => { throw new Error("a deleted response was continued"); },
    (e) => check(e.status === 404 && e.code === "previous_response_not_found", `404 previous_response_not_found, got ${e.status} ${e.code}`));
  console.log("ok");
} catch (error) {
  console.error(error);
  process.exit(1);
}
