// Conversations kept in this browser's IndexedDB, one record per conversation.
export interface MessageMeta {
  node?: string | null;
  ttftMs?: number;
  tokensPerSecond?: number;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  stopped?: boolean;
  error?: string;
  model?: string;
}

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  reasoning?: string;
  meta?: MessageMeta;
}

export interface Sampling {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
}

export interface Conversation {
  id: string;
  title: string;
  model: string;
  system: string;
  sampling: Sampling;
  messages: Message[];
  createdAt: number;
  updatedAt: number;
}

const dbName = 'synapse-console';
const storeName = 'conversations';
let opened: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(storeName, { keyPath: 'id' });
      store.createIndex('updatedAt', 'updatedAt');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return db().then(database => new Promise<T>((resolve, reject) => {
    const transaction = database.transaction(storeName, mode);
    const request = work(transaction.objectStore(storeName));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  }));
}

export const newId = (): string => crypto.randomUUID();

export function newConversation(model: string): Conversation {
  const now = Date.now();
  return { id: newId(), title: 'New chat', model, system: '', sampling: {}, messages: [], createdAt: now, updatedAt: now };
}

export const saveConversation = (c: Conversation) => run('readwrite', s => s.put(c)).then(() => undefined);
export const loadConversation = (id: string) => run<Conversation | undefined>('readonly', s => s.get(id));
export const deleteConversation = (id: string) => run('readwrite', s => s.delete(id)).then(() => undefined);

/** Every conversation, newest first. */
export async function listConversations(): Promise<Conversation[]> {
  const all = await run<Conversation[]>('readonly', s => s.getAll());
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Checks an imported object and gives it a fresh id when one with its id is kept already (import never overwrites). */
export function parseImported(value: unknown): Conversation[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item !== 'object' || item === null || !Array.isArray((item as Conversation).messages)) {
      throw new Error(`Item ${i + 1} is not a conversation (it needs a "messages" array).`);
    }
    const c = item as Partial<Conversation>;
    const messages: Message[] = c.messages!.map((m, j) => {
      if ((m.role !== 'user' && m.role !== 'assistant') || typeof m.content !== 'string') {
        throw new Error(`Message ${j + 1} of item ${i + 1} needs a role (user or assistant) and a content string.`);
      }
      return { id: newId(), role: m.role, content: m.content, reasoning: typeof m.reasoning === 'string' ? m.reasoning : undefined, meta: m.meta };
    });
    const now = Date.now();
    return {
      id: newId(),
      title: typeof c.title === 'string' && c.title ? c.title : 'Imported chat',
      model: typeof c.model === 'string' ? c.model : '',
      system: typeof c.system === 'string' ? c.system : '',
      sampling: typeof c.sampling === 'object' && c.sampling ? c.sampling : {},
      messages,
      createdAt: typeof c.createdAt === 'number' ? c.createdAt : now,
      updatedAt: now,
    };
  });
}
