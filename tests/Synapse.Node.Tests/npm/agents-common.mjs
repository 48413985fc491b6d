// What agents.mjs and agents-output.mjs share: the Agents SDK pointed at a Synapse node over the Responses API, and the
// one tool both agents call (it records the arguments it was called with).
import OpenAI from "openai";
import { tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from "@openai/agents";
import { z } from "zod";

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export function useSynapse(baseUrl, apiKey) {
  setDefaultOpenAIClient(new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, timeout: 300_000, maxRetries: 0 }));
  setOpenAIAPI("responses");
  setTracingDisabled(true);
}

export function forecastTool(calls) {
  return tool({
    name: "get_forecast",
    description: "The weather forecast for the next days.",
    parameters: z.object({ days: z.number().int().min(1).max(7), unit: z.enum(["celsius", "fahrenheit"]) }),
    execute: async (args) => {
      calls.push(args);
      return `sunny for ${args.days} days`;
    },
  });
}
