// The chat playground: conversations in IndexedDB, streamed replies, Markdown, edit and regenerate.
import { errorText, fetchWithKey } from './keys';
import { renderMarkdown, splitThinking } from './markdown';
import { readEvents } from './sse';
import {
  type Conversation, type Message, deleteConversation, listConversations, loadConversation, newConversation, newId,
  parseImported, saveConversation,
} from './store';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const messagesEl = $<HTMLDivElement>('messages');
const promptEl = $<HTMLTextAreaElement>('prompt');
const sendEl = $<HTMLButtonElement>('send');
const stopEl = $<HTMLButtonElement>('stop');
const modelEl = $<HTMLSelectElement>('model-select');
const listEl = $<HTMLUListElement>('conversation-list');
const searchEl = $<HTMLInputElement>('search');
const titleEl = $<HTMLHeadingElement>('conversation-title');
const errorEl = $<HTMLParagraphElement>('chat-error');
const systemEl = $<HTMLTextAreaElement>('system-prompt');
const sampling = {
  temperature: $<HTMLInputElement>('temperature'),
  top_p: $<HTMLInputElement>('top-p'),
  max_tokens: $<HTMLInputElement>('max-tokens'),
  seed: $<HTMLInputElement>('seed'),
};

let current: Conversation = newConversation('');
let conversations: Conversation[] = [];
let streaming: AbortController | null = null;
const lastModelKey = 'synapse.model';

function showError(text: string | null) {
  errorEl.textContent = text ?? '';
  errorEl.hidden = !text;
}

// ---- models ----

export async function loadModels(): Promise<void> {
  const response = await fetchWithKey('client', '/v1/models');
  if (!response.ok) {
    showError(`Could not list the models: ${await errorText(response)}`);
    return;
  }
  showError(null);
  const body = await response.json();
  const ids: string[] = (body.data ?? []).map((m: { id: string }) => m.id);
  modelEl.replaceChildren(...ids.map(id => new Option(id, id)));
  const wanted = current.model || localStorage.getItem(lastModelKey) || ids[0] || '';
  if (wanted && !ids.includes(wanted)) modelEl.add(new Option(`${wanted} (not served)`, wanted));
  modelEl.value = wanted;
  if (!current.model) current.model = wanted;
  modelEl.dataset.loaded = 'true';
}

modelEl.addEventListener('change', () => {
  current.model = modelEl.value;
  localStorage.setItem(lastModelKey, modelEl.value);
  void persist();
});

// ---- conversation list ----

async function refreshList(): Promise<void> {
  conversations = await listConversations();
  renderList();
}

function renderList(): void {
  const query = searchEl.value.trim().toLowerCase();
  const shown = query
    ? conversations.filter(c => c.title.toLowerCase().includes(query) || c.messages.some(m => m.content.toLowerCase().includes(query)))
    : conversations;
  listEl.replaceChildren(...shown.map(c => {
    const li = document.createElement('li');
    li.className = c.id === current.id ? 'active' : '';
    const open = document.createElement('a');
    open.href = `#/chat/${c.id}`;
    open.className = 'conversation-link';
    open.textContent = c.title;
    if (c.id === current.id) open.setAttribute('aria-current', 'page');
    const rename = button('✎', `Rename ${c.title}`, 'icon-button rename', () => startRename(li, c));
    const remove = button('✕', `Delete ${c.title}`, 'icon-button delete', async () => {
      if (!confirm(`Delete "${c.title}"?`)) return;
      await deleteConversation(c.id);
      if (c.id === current.id) location.hash = '#/chat';
      await refreshList();
    });
    li.append(open, rename, remove);
    return li;
  }));
}

function startRename(li: HTMLLIElement, c: Conversation): void {
  const input = document.createElement('input');
  input.value = c.title;
  input.setAttribute('aria-label', 'New name');
  input.className = 'rename-input';
  let done = false;
  const commit = async (keep: boolean) => {
    if (done) return;
    done = true;
    const title = input.value.trim();
    if (keep && title) {
      const stored = c.id === current.id ? current : (await loadConversation(c.id)) ?? c;
      stored.title = title;
      await saveConversation(stored);
      if (c.id === current.id) titleEl.textContent = title;
    }
    await refreshList();
  };
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter') { e.preventDefault(); void commit(true); }
    if (e.key === 'Escape') { e.preventDefault(); void commit(false); }
  });
  input.addEventListener('blur', () => void commit(true));
  li.replaceChildren(input);
  input.focus();
  input.select();
}

searchEl.addEventListener('input', renderList);

// ---- opening and saving ----

export async function openConversation(id: string | null): Promise<void> {
  if (streaming) streaming.abort();
  const found = id ? await loadConversation(id) : undefined;
  current = found ?? newConversation(modelEl.value || localStorage.getItem(lastModelKey) || '');
  if (current.model && modelEl.dataset.loaded) {
    if (![...modelEl.options].some(o => o.value === current.model)) modelEl.add(new Option(`${current.model} (not served)`, current.model));
    modelEl.value = current.model;
  }
  titleEl.textContent = current.title;
  systemEl.value = current.system;
  for (const [name, input] of Object.entries(sampling)) {
    const value = current.sampling[name as keyof typeof sampling];
    input.value = value === undefined ? '' : String(value);
  }
  renderAll();
  renderList();
  if (conversations.length === 0) await refreshList();
}

async function persist(): Promise<void> {
  if (current.messages.length === 0) return; // an empty chat is not kept
  current.updatedAt = Date.now();
  await saveConversation(current);
}

systemEl.addEventListener('change', () => { current.system = systemEl.value; void persist(); });
for (const [name, input] of Object.entries(sampling)) {
  input.addEventListener('change', () => {
    const key = name as keyof typeof sampling;
    const value = input.value.trim() === '' ? undefined : Number(input.value);
    if (value === undefined || Number.isNaN(value)) delete current.sampling[key];
    else current.sampling[key] = value;
    void persist();
  });
}

// ---- rendering ----

const views = new Map<string, HTMLElement>();

// A long conversation opens at once: its replies show as plain text first and get their Markdown (highlighting,
// math) when they come near the screen, so opening costs the few replies in view, not all of them.
const pending = new Map<Element, string>();
const nearScreen = new IntersectionObserver(entries => {
  const pinned = messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 8;
  for (const entry of entries) {
    const text = pending.get(entry.target);
    if (!entry.isIntersecting || text === undefined) continue;
    nearScreen.unobserve(entry.target);
    pending.delete(entry.target);
    entry.target.innerHTML = renderMarkdown(text);
    entry.target.removeAttribute('data-pending');
  }
  if (pinned) messagesEl.scrollTop = messagesEl.scrollHeight;
}, { root: messagesEl, rootMargin: '800px 0px' });

function button(text: string, label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.className = className;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function renderAll(): void {
  views.clear();
  for (const element of pending.keys()) nearScreen.unobserve(element);
  pending.clear();
  const fragment = document.createDocumentFragment();
  // The last replies are in view at once: rendered now; older ones when scrolled near.
  const eager = current.messages.length - 12;
  current.messages.forEach((message, i) => fragment.append(renderMessage(message, i < eager)));
  messagesEl.replaceChildren(fragment);
  for (const element of pending.keys()) nearScreen.observe(element);
  messagesEl.scrollTop = messagesEl.scrollHeight;
}

function renderMessage(message: Message, deferMarkdown = false): HTMLElement {
  const article = document.createElement('article');
  article.className = `message ${message.role}`;
  article.dataset.id = message.id;
  article.setAttribute('aria-label', message.role === 'user' ? 'You' : 'Assistant');
  views.set(message.id, article);
  fillMessage(article, message, deferMarkdown);
  return article;
}

function fillMessage(article: HTMLElement, message: Message, deferMarkdown = false): void {
  const parts: HTMLElement[] = [];
  const isStreaming = streaming !== null && message === streamingMessage;
  let { content } = message;
  let reasoning = message.reasoning ?? '';
  if (message.role === 'assistant') {
    const split = splitThinking(content);
    if (split.reasoning) {
      reasoning = reasoning ? `${reasoning}\n${split.reasoning}` : split.reasoning;
      content = split.content;
    }
  }
  if (reasoning) {
    const details = document.createElement('details');
    details.className = 'reasoning';
    const summary = document.createElement('summary');
    summary.textContent = isStreaming && !content ? 'Reasoning…' : 'Reasoning';
    const body = document.createElement('div');
    body.className = 'reasoning-body';
    body.textContent = reasoning;
    details.append(summary, body);
    parts.push(details);
  }
  const body = document.createElement('div');
  body.className = 'content markdown';
  if (message.role === 'user') {
    body.textContent = content;
  } else if (deferMarkdown && !isStreaming) {
    body.textContent = content;
    body.dataset.pending = '';
    pending.set(body, content);
  } else {
    body.innerHTML = renderMarkdown(content);
  }
  parts.push(body);
  if (message.role === 'assistant') {
    const meta = message.meta ?? {};
    const footer = document.createElement('footer');
    footer.className = 'meta';
    const items: string[] = [];
    if (meta.error) items.push(`Error: ${meta.error}`);
    if (meta.stopped) items.push('stopped');
    if (meta.node) items.push(`node ${meta.node}`);
    if (meta.ttftMs !== undefined) items.push(`first token ${Math.round(meta.ttftMs)} ms`);
    if (meta.tokensPerSecond !== undefined) items.push(`${meta.tokensPerSecond.toFixed(1)} tokens/s`);
    if (meta.completionTokens !== undefined) items.push(`${meta.completionTokens} tokens`);
    if (meta.cachedTokens !== undefined) items.push(`${meta.cachedTokens} cached`);
    footer.textContent = items.join(' · ');
    if (isStreaming) footer.textContent = 'generating…';
    parts.push(footer);
  }
  if (!isStreaming) {
    const actions = document.createElement('div');
    actions.className = 'message-actions';
    actions.append(button('Copy', 'Copy message', 'link-button', () => void navigator.clipboard?.writeText(message.content)));
    if (message.role === 'user') actions.append(button('Edit', 'Edit message', 'link-button edit', () => startEdit(article, message)));
    else actions.append(button('Regenerate', 'Regenerate reply', 'link-button regenerate', () => void regenerate(message)));
    parts.push(actions);
  }
  article.replaceChildren(...parts);
  article.classList.toggle('streaming', isStreaming);
}

function startEdit(article: HTMLElement, message: Message): void {
  if (streaming) return;
  const editor = document.createElement('textarea');
  editor.value = message.content;
  editor.className = 'edit-box';
  editor.setAttribute('aria-label', 'Edit message');
  editor.rows = Math.min(12, message.content.split('\n').length + 1);
  const save = button('Save and send', 'Save and send', 'save-edit', async () => {
    const text = editor.value.trim();
    if (!text) return;
    message.content = text;
    const at = current.messages.indexOf(message);
    current.messages.splice(at + 1);
    await send(null);
  });
  const cancel = button('Cancel', 'Cancel editing', 'link-button', () => fillMessage(article, message));
  editor.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); save.click(); }
    if (e.key === 'Escape') { e.preventDefault(); cancel.click(); }
  });
  const actions = document.createElement('div');
  actions.className = 'message-actions';
  actions.append(save, cancel);
  article.replaceChildren(editor, actions);
  editor.focus();
}

messagesEl.addEventListener('click', event => {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('copy-code')) return;
  const code = target.closest('.code-block')?.querySelector('code')?.textContent ?? '';
  void navigator.clipboard?.writeText(code).then(() => { target.textContent = 'Copied'; });
});

// ---- sending and streaming ----

let streamingMessage: Message | null = null;

function setStreaming(on: boolean) {
  sendEl.hidden = on;
  stopEl.hidden = !on;
  if (on) stopEl.focus();
  else if (document.activeElement === stopEl || document.activeElement === document.body) promptEl.focus();
}

stopEl.addEventListener('click', () => streaming?.abort());

$<HTMLFormElement>('composer').addEventListener('submit', e => {
  e.preventDefault();
  const text = promptEl.value.trim();
  if (!text || streaming) return;
  promptEl.value = '';
  void send(text);
});

promptEl.addEventListener('keydown', e => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $<HTMLFormElement>('composer').requestSubmit();
  }
});

async function regenerate(message: Message): Promise<void> {
  if (streaming) return;
  const at = current.messages.indexOf(message);
  current.messages.splice(at);
  await send(null);
}

/** Adds the user's text (null: the conversation already ends with the user's turn), then streams the reply. */
async function send(text: string | null): Promise<void> {
  showError(null);
  if (!current.model) current.model = modelEl.value;
  if (text !== null) {
    current.messages.push({ id: newId(), role: 'user', content: text });
    if (current.title === 'New chat') {
      current.title = text.replace(/\s+/g, ' ').slice(0, 48);
      titleEl.textContent = current.title;
    }
  }
  const reply: Message = { id: newId(), role: 'assistant', content: '', meta: {} };
  current.messages.push(reply);
  const isNew = !conversations.some(c => c.id === current.id);
  await persist();
  if (isNew) {
    history.replaceState(null, '', `#/chat/${current.id}`);
    await refreshList();
  }
  streamingMessage = reply;
  streaming = new AbortController();
  setStreaming(true);
  renderAll();
  try {
    await stream(reply, streaming.signal);
  } finally {
    streaming = null;
    streamingMessage = null;
    setStreaming(false);
    const view = views.get(reply.id);
    if (view) fillMessage(view, reply);
    await persist();
    await refreshList();
  }
}

function requestBody(reply: Message): string {
  const history = current.messages.slice(0, current.messages.indexOf(reply));
  const messages = [
    ...(current.system.trim() ? [{ role: 'system', content: current.system }] : []),
    ...history.map(m => ({ role: m.role, content: m.content })),
  ];
  return JSON.stringify({
    model: current.model || undefined,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...current.sampling,
  });
}

async function stream(reply: Message, signal: AbortSignal): Promise<void> {
  const meta = reply.meta!;
  meta.model = current.model;
  const started = performance.now();
  let first = 0;
  let last = 0;
  let chunks = 0;
  let scheduled = false;
  const view = () => views.get(reply.id);
  // Several events of one network read render once, right after the read (no frame wait).
  const paint = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      const v = view();
      if (v) {
        fillMessage(v, reply);
        if (messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 120) messagesEl.scrollTop = messagesEl.scrollHeight;
      }
    });
  };
  try {
    const response = await fetchWithKey('client', '/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: requestBody(reply),
      signal,
    });
    meta.node = response.headers.get('X-Synapse-Node');
    if (!response.ok || !response.body) {
      meta.error = await errorText(response);
      showError(meta.error);
      return;
    }
    await readEvents(response.body, event => {
      if (event.error) {
        meta.error = event.error.message ?? 'The stream ended with an error.';
        return;
      }
      const delta = event.choices?.[0]?.delta;
      const text: string = delta?.content ?? '';
      const thought: string = delta?.reasoning_content ?? delta?.reasoning ?? '';
      if (text || thought) {
        const now = performance.now();
        if (!first) { first = now; meta.ttftMs = now - started; }
        last = now;
        chunks++;
        reply.content += text;
        if (thought) reply.reasoning = (reply.reasoning ?? '') + thought;
        paint();
      }
      if (event.usage) {
        meta.promptTokens = event.usage.prompt_tokens;
        meta.completionTokens = event.usage.completion_tokens;
        const cached = event.usage.prompt_tokens_details?.cached_tokens;
        if (typeof cached === 'number') meta.cachedTokens = cached;
      }
    });
  } catch (error) {
    if (signal.aborted) meta.stopped = true;
    else meta.error = error instanceof Error ? error.message : String(error);
  }
  // Over a shorter span the rate says more about how the browser batched the reads than about the node.
  if (first && last - first >= 100) {
    const tokens = meta.completionTokens ?? chunks;
    meta.tokensPerSecond = Math.max(0, tokens - 1) / ((last - first) / 1000);
  }
  if (meta.error) showError(meta.error);
}

// ---- export and import ----

function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

$<HTMLButtonElement>('export-chat').addEventListener('click', () => {
  const safe = current.title.replace(/[^\w.-]+/g, '-').slice(0, 40) || 'chat';
  download(`${safe}.json`, current);
});

$<HTMLInputElement>('import-file').addEventListener('change', async event => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    const imported = parseImported(JSON.parse(await file.text()));
    for (const c of imported) await saveConversation(c);
    await refreshList();
    location.hash = `#/chat/${imported[0].id}`;
  } catch (error) {
    showError(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
  }
});

$<HTMLButtonElement>('new-chat').addEventListener('click', () => {
  location.hash = '#/chat';
  void openConversation(null);
  promptEl.focus();
});
