// Usage: node agents-output.mjs <baseUrl> <model>
// An agent of the OpenAI Agents SDK (@openai/agents) with a tool AND a structured output (outputType, a zod schema),
// run to its end against a Synapse node over the Responses API: the SDK sends the tools and text.format json_schema on
// every turn. The model has random weights, so the first turn forces the call (toolChoice "required"); after it, the
// SDK's resetToolChoice lets the model call again or answer, and the node's envelope grammar makes either valid. The
// output schema is bounded (an enum and a bounded integer), so every answer ends. Exits non-zero on any failure.
import { Agent, run } from "@openai/agents";
import { z } from "zod";
import { check, forecastTool, useSynapse } from "./agents-common.mjs";

const [baseUrl, model] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node agents-output.mjs <baseUrl> <model>");
  process.exit(2);
}

useSynapse(baseUrl, "unused");

try {
  const calls = [];
  const getForecast = forecastTool(calls);
  const Verdict = z.object({ verdict: z.enum(["sunny", "rainy", "unknown"]), days: z.number().int().min(1).max(7) });
  const agent = new Agent({
    name: "Forecaster",
    instructions: "Answer with the forecast.",
    model,
    tools: [getForecast],
    outputType: Verdict,
    modelSettings: { toolChoice: "required", maxTokens: 1000, parallelToolCalls: false },
  });
  // After the forced first call each turn calls again or answers: maxTurns leaves room for several calls.
  const result = await run(agent, "What is the forecast?", { maxTurns: 30 });
  check(calls.length >= 1, "the tool ran");
  for (const args of calls) {
    check(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7, `valid arguments: ${JSON.stringify(args)}`);
  }

  check(Verdict.safeParse(result.finalOutput).success, `a structured final output: ${JSON.stringify(result.finalOutput)}`);
  const types = result.newItems.map((item) => item.type);
  check(types[0] === "tool_call_item" && types.includes("tool_call_output_item") && types.at(-1) === "message_output_item",
    `call, result, answer: ${types}`);
  console.log("ok", calls.length, "calls", JSON.stringify(result.finalOutput));
} catch (error) {
  console.error(error);
  process.exit(1);
}
