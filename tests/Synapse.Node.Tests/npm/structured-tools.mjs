// Usage: node structured-tools.mjs <baseUrl> <model>
// Tools together with a JSON reply format, through the official `openai` package's parse helpers, against a Synapse
// node serving a random-weight model: chat.completions.parse with a zod response_format and a strict zod tool, and
// responses.parse with text.format (zodTextFormat) and a function tool, streamed and not. Each reply is either calls
// (the helpers parse their arguments) or the parsed reply; the schemas are bounded (enums, bounded integers) so a
// random model's reply always ends. Exits non-zero on any failure.
import OpenAI from "openai";
import { zodFunction, zodResponseFormat, zodTextFormat } from "openai/helpers/zod";
import { z } from "zod";

const [baseUrl, model] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node structured-tools.mjs <baseUrl> <model>");
  process.exit(2);
}

const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "unused", timeout: 300_000, maxRetries: 0 });
const Verdict = z.object({ verdict: z.enum(["yes", "no", "maybe"]), score: z.number().int().min(0).max(10) });
const Forecast = z.object({ days: z.number().int().min(1).max(7), unit: z.enum(["celsius", "fahrenheit"]) });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function checkVerdict(value) {
  check(Verdict.safeParse(value).success, `a valid verdict: ${JSON.stringify(value)}`);
}

function checkForecast(value) {
  check(Forecast.safeParse(value).success, `valid arguments: ${JSON.stringify(value)}`);
}

try {
  const seen = { calls: 0, answers: 0 };
  for (let seed = 0; seed < 8; seed++) {
    const completion = await client.chat.completions.parse({
      model,
      messages: [{ role: "user", content: "Will it rain? Call the tool or judge." }],
      tools: [zodFunction({ name: "get_forecast", parameters: Forecast, description: "The forecast." })],
      response_format: zodResponseFormat(Verdict, "verdict"),
      parallel_tool_calls: false,
      max_tokens: 1000,
      seed,
    });
    const message = completion.choices[0].message;
    if (completion.choices[0].finish_reason === "tool_calls") {
      check(message.tool_calls.length === 1 && message.tool_calls[0].id.startsWith("call_"), "one call with a call_ id");
      check(message.tool_calls[0].function.name === "get_forecast", "calls get_forecast");
      checkForecast(message.tool_calls[0].function.parsed_arguments);
      check(message.parsed === null, "no parsed reply beside a call");
      seen.calls++;
    } else {
      check(completion.choices[0].finish_reason === "stop", `finish_reason stop: ${completion.choices[0].finish_reason}`);
      checkVerdict(message.parsed);
      seen.answers++;
    }
  }

  // Streamed: the stream helper accumulates the calls or the parsed reply.
  for (let seed = 0; seed < 4; seed++) {
    const stream = client.chat.completions.stream({
      model,
      messages: [{ role: "user", content: "Will it rain? Call the tool or judge." }],
      tools: [zodFunction({ name: "get_forecast", parameters: Forecast })],
      response_format: zodResponseFormat(Verdict, "verdict"),
      parallel_tool_calls: false,
      max_tokens: 1000,
      seed,
    });
    const final = await stream.finalChatCompletion();
    const message = final.choices[0].message;
    if (message.tool_calls?.length) {
      checkForecast(message.tool_calls[0].function.parsed_arguments);
    } else {
      checkVerdict(message.parsed);
    }
  }

  // The Responses API: tools with text.format, as the OpenAI Agents SDK sends them with an outputType.
  const forecastTool = {
    type: "function",
    name: "get_forecast",
    description: "The forecast.",
    parameters: { type: "object", properties: { days: { type: "integer", minimum: 1, maximum: 7 }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["days", "unit"], additionalProperties: false },
    strict: true,
  };
  for (let seed = 0; seed < 6; seed++) {
    const response = await client.responses.parse({
      model,
      input: "Will it rain? Call the tool or judge.",
      tools: [forecastTool],
      text: { format: zodTextFormat(Verdict, "verdict") },
      parallel_tool_calls: false,
      max_output_tokens: 1000,
      store: false,
      seed,
    });
    check(response.status === "completed", `completed: ${response.status}`);
    const call = response.output.find((item) => item.type === "function_call");
    if (call) {
      check(call.call_id.startsWith("call_"), "a call_ id");
      checkForecast(JSON.parse(call.arguments));
    } else {
      checkVerdict(response.output_parsed);
    }
  }

  console.log("ok", JSON.stringify(seen));
} catch (error) {
  console.error(error);
  process.exit(1);
}
