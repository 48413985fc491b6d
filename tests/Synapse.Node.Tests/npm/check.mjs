// Usage: node check.mjs <baseUrl> <model> [apiKey]
// Talks to a Synapse node with the official `openai` package, non-streaming and streaming; exits non-zero on any failure.
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";

const [baseUrl, model, apiKey = "unused"] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node check.mjs <baseUrl> <model> [apiKey]");
  process.exit(2);
}

const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, timeout: 60_000, maxRetries: 0 });
const messages = [{ role: "user", content: "Tell me about a little cat." }];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

try {
  const models = await client.models.list();
  check(models.data.some((m) => m.id === model), `model ${model} is not listed`);

  const completion = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0 });
  check(completion.object === "chat.completion", "object is chat.completion");
  check(completion.id.startsWith("chatcmpl-"), "id starts with chatcmpl-");
  check(completion.choices.length === 1, "one choice");
  check(typeof completion.choices[0].message.content === "string", "content is a string");
  check(["stop", "length"].includes(completion.choices[0].finish_reason), "finish_reason is stop or length");
  check(completion.usage.completion_tokens >= 1 && completion.usage.completion_tokens <= 16, "usage.completion_tokens in 1..16");

  const stream = await client.chat.completions.create({
    model, messages, max_tokens: 16, temperature: 0, stream: true, stream_options: { include_usage: true },
  });
  let text = "";
  let finish = null;
  let usage = null;
  let first = true;
  for await (const chunk of stream) {
    check(chunk.object === "chat.completion.chunk", "chunk object");
    if (chunk.usage) usage = chunk.usage;
    if (chunk.choices.length === 0) continue;
    if (first) {
      check(chunk.choices[0].delta.role === "assistant", "first delta carries the role");
      first = false;
    }
    text += chunk.choices[0].delta.content ?? "";
    if (chunk.choices[0].finish_reason) finish = chunk.choices[0].finish_reason;
  }
  check(text === completion.choices[0].message.content, `streamed text equals the non-streamed one: '${text}' vs '${completion.choices[0].message.content}'`);
  check(finish === completion.choices[0].finish_reason, "same finish_reason");
  check(usage && usage.completion_tokens === completion.usage.completion_tokens, "usage chunk matches");
  // The streamed request repeated the non-streamed one's prompt: the prefix cache read only its last token again.
  check(completion.usage.prompt_tokens_details && typeof completion.usage.prompt_tokens_details.cached_tokens === "number",
    "usage.prompt_tokens_details.cached_tokens is a number");
  check(usage.prompt_tokens_details?.cached_tokens === usage.prompt_tokens - 1,
    `the repeated prompt is cached but for its last token: ${usage.prompt_tokens_details?.cached_tokens} of ${usage.prompt_tokens}`);

  let rejected = false;
  try {
    await client.chat.completions.create({ model, messages: [], max_tokens: 1 });
  } catch (error) {
    rejected = error instanceof OpenAI.BadRequestError && error.status === 400;
  }
  check(rejected, "an empty messages list is a 400 BadRequestError");

  // Structured output with a zod schema: the random model can only answer it through the grammar.
  const Pet = z.object({
    name: z.string().max(6),
    age: z.number().int().min(0).max(30),
    kind: z.enum(["cat", "dog"]),
    toys: z.array(z.string().max(4)).max(2),
  });
  for (const seed of [1, 2, 3]) {
    const parsed = await client.chat.completions.parse({
      model, messages, max_tokens: 400, seed, response_format: zodResponseFormat(Pet, "pet"),
    });
    const pet = parsed.choices[0].message.parsed;
    check(parsed.choices[0].finish_reason === "stop", `structured reply ended: ${parsed.choices[0].finish_reason}`);
    check(pet !== null && Pet.safeParse(pet).success, `parsed reply fits the zod schema: ${parsed.choices[0].message.content}`);
  }

  console.log(`ok: ${completion.usage.completion_tokens} tokens, streamed ${text.length} chars`);
} catch (error) {
  console.error(`FAILED: ${error?.stack ?? error}`);
  process.exit(1);
}
