// Usage: node embeddings.mjs <baseUrl> <model> [apiKey]
// Calls a Synapse node serving an embedding model with the official `openai` package: embeddings.create with its
// default encoding (base64, decoded by the package) and with float; exits non-zero on any failure.
import OpenAI from "openai";

const [baseUrl, model, apiKey = "unused"] = process.argv.slice(2);
if (!baseUrl || !model) {
  console.error("usage: node embeddings.mjs <baseUrl> <model> [apiKey]");
  process.exit(2);
}

const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, timeout: 60_000, maxRetries: 0 });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b));

try {
  const input = ["Hello world!", "The quick brown fox jumps over the lazy dog."];
  const byDefault = await client.embeddings.create({ model, input });
  check(byDefault.object === "list", "object is list");
  check(byDefault.model === model, "model echoed");
  check(byDefault.data.length === 2, "two embeddings");
  check(byDefault.data.every((d, i) => d.index === i && d.object === "embedding"), "index and object");
  check(Array.isArray(byDefault.data[0].embedding) && byDefault.data[0].embedding.length > 0, "base64 decoded to numbers");
  check(Math.abs(norm(byDefault.data[0].embedding) - 1) < 1e-4, "normalised");
  check(byDefault.usage.prompt_tokens > 0 && byDefault.usage.total_tokens === byDefault.usage.prompt_tokens, "usage");

  const asFloat = await client.embeddings.create({ model, input, encoding_format: "float" });
  for (let i = 0; i < 2; i++) {
    check(cosine(asFloat.data[i].embedding, byDefault.data[i].embedding) > 0.99999, `float and base64 agree for input ${i}`);
  }

  const cut = await client.embeddings.create({ model, input: "Hello world!", dimensions: 8 });
  check(cut.data[0].embedding.length === 8, "dimensions");

  let refused = false;
  try {
    await client.embeddings.create({ model, input: "" });
  } catch (e) {
    refused = e.status === 400 && e.param === "input";
  }
  check(refused, "an empty input is a 400 naming input");
  console.log("ok");
} catch (e) {
  console.error(e);
  process.exit(1);
}
