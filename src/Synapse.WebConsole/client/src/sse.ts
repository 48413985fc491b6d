// Reads an OpenAI streaming answer (server-sent events) and hands each JSON payload over as it arrives.
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (data: any) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trimStart();
      if (data === '[DONE]') return;
      onEvent(JSON.parse(data));
    }
  }
}
