// Usage: node tools.mjs <baseUrl> <model>
// Tool calling with the official `openai` package against a Synapse node serving a random-weight model: the runTools
// helper (a named tool_choice, so the grammar makes the call), the streaming helper's tool-call accumulator, and the
// follow-up turn with the tool's result. Exits non-zero on any failure.
import OpenAI from "openai";

const [baseUrl, model] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node tools.mjs <baseUrl> <model>");
  process.exit(2);
}

const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "unused", timeout: 300_000, maxRetries: 0 });
const parameters = {
  type: "object",
  properties: { days: { type: "integer", minimum: 1, maximum: 7 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
  required: ["days", "unit"],
  additionalProperties: false,
};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function checkArguments(args) {
  check(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7, `days in 1..7: ${JSON.stringify(args)}`);
  check(["celsius", "fahrenheit"].includes(args.unit), `unit is an enum value: ${JSON.stringify(args)}`);
}

try {
  // runTools: the helper calls the model, parses the arguments, runs the function and appends its result.
  const called = [];
  const runner = client.chat.completions.runTools({
    model,
    messages: [{ role: "user", content: "What is the forecast?" }],
    tools: [{
      type: "function",
      function: {
        name: "get_forecast",
        description: "The weather forecast for the next days.",
        parameters,
        parse: JSON.parse,
        function: (args) => { called.push(args); return { forecast: "sunny" }; },
      },
    }],
    tool_choice: { type: "function", function: { name: "get_forecast" } },
    max_tokens: 400,
    seed: 7,
  });
  await runner.done();
  check(called.length === 1, `the tool ran once, ran ${called.length} times`);
  checkArguments(called[0]);
  const messages = runner.messages;
  const assistant = messages.find((m) => m.role === "assistant");
  check(assistant?.tool_calls?.[0]?.id?.startsWith("call_"), "the assistant message carries a call_ id");
  const toolMessage = messages.find((m) => m.role === "tool");
  check(toolMessage?.tool_call_id === assistant.tool_calls[0].id, "the tool result answers that id");

  // The round trip's second turn: the model answers with the result in its context (auto: the text is free).
  const answer = await client.chat.completions.create({
    model, messages, tools: [{ type: "function", function: { name: "get_forecast", parameters } }], max_tokens: 16, seed: 8,
  });
  check(["stop", "length"].includes(answer.choices[0].finish_reason), `the answer finishes with stop or length: ${answer.choices[0].finish_reason}`);

  // The streaming helper accumulates tool-call deltas; it throws on deltas that break OpenAI's shape.
  const required = {
    model,
    messages: [{ role: "user", content: "What is the forecast?" }],
    tools: [{ type: "function", function: { name: "get_forecast", parameters } }],
    tool_choice: "required",
    parallel_tool_calls: false,
    max_tokens: 400,
    seed: 9,
  };
  const stream = client.chat.completions.stream({ ...required });
  const events = [];
  let argumentDeltas = 0;
  stream.on("tool_calls.function.arguments.done", (event) => events.push(event));
  stream.on("tool_calls.function.arguments.delta", () => argumentDeltas++);
  const final = await stream.finalChatCompletion();
  const call = final.choices[0].message.tool_calls?.[0];
  check(final.choices[0].finish_reason === "tool_calls", `streamed finish_reason is tool_calls: ${final.choices[0].finish_reason}`);
  check(call?.id?.startsWith("call_") && call.function.name === "get_forecast", "streamed call has an id and the name");
  checkArguments(JSON.parse(call.function.arguments));
  check(events.length === 1 && events[0].name === "get_forecast", "one arguments.done event for the call");
  check(!final.choices[0].message.content, `no content beside the call: ${final.choices[0].message.content}`);
  // The arguments arrive as they are generated, and assemble into what the same request answers unstreamed.
  check(argumentDeltas > 1, `the arguments came in ${argumentDeltas} deltas`);
  const whole = await client.chat.completions.create({ ...required });
  const wholeCall = whole.choices[0].message.tool_calls?.[0];
  check(wholeCall?.function.name === call.function.name && wholeCall.function.arguments === call.function.arguments,
    `streamed ${call.function.arguments} equals unstreamed ${wholeCall?.function.arguments}`);

  console.log(`ok: runTools called get_forecast(${JSON.stringify(called[0])}), streamed ${call.function.arguments}`);
} catch (error) {
  console.error(error);
  process.exit(1);
}
