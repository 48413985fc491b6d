// Usage: node agents.mjs <baseUrl> <model> [apiKey]
// A one-tool agent of the OpenAI Agents SDK (@openai/agents) run to its end against a Synapse node over the Responses
// API. The model has random weights, so the first turn forces the call (toolChoice "required"; the grammar makes it
// valid) and the SDK's resetToolChoice lets the turn after the tool's result answer freely. That free answer ends only when
// the random model happens to write its end token (about 1 in 230-300 tokens: 8 of 30 unseeded runs passed 400 tokens; 20
// unseeded second turns averaged 233), and the SDK fails a cut ("incomplete") answer. No budget that fits the node's 4096-token
// context beside the 608-token prompt makes that negligible (3000 tokens: e^(-3000/300), about 5e-5 a run), so the run is
// seeded (`seed` through providerData, a Synapse extension the Responses endpoint honours): the same run every time on a given
// CPU and model build (here its free answer ends after 265 tokens); the 3000-token budget stays for a new CPU or model
// build, where a cut answer then fails every run, not one in many. Exits non-zero on any failure.
import { Agent, run } from "@openai/agents";
import { check, forecastTool, useSynapse } from "./agents-common.mjs";

const [baseUrl, model, apiKey = "unused"] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node agents.mjs <baseUrl> <model> [apiKey]");
  process.exit(2);
}

useSynapse(baseUrl, apiKey);

try {
  const calls = [];
  const getForecast = forecastTool(calls);
  const agent = new Agent({
    name: "Forecaster",
    instructions: "Answer with the forecast.",
    model,
    tools: [getForecast],
    modelSettings: { toolChoice: "required", maxTokens: 3000, parallelToolCalls: false, providerData: { seed: 1 } },
  });
  const result = await run(agent, "What is the forecast?", { maxTurns: 4 });
  check(calls.length === 1, `the tool ran once, ran ${calls.length} times`);
  check(Number.isInteger(calls[0].days) && calls[0].days >= 1 && calls[0].days <= 7, `valid arguments: ${JSON.stringify(calls[0])}`);
  check(typeof result.finalOutput === "string", `a final output: ${JSON.stringify(result.finalOutput)}`);
  const types = result.newItems.map((item) => item.type);
  check(types.includes("tool_call_item") && types.includes("tool_call_output_item") && types.at(-1) === "message_output_item",
    `call, result, answer: ${types}`);
  console.log("ok", types.join(","));
} catch (error) {
  console.error(error);
  process.exit(1);
}
