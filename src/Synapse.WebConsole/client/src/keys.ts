// API keys live in this browser's localStorage only: the client key for /v1, the admin key for /admin.
export type KeyKind = 'client' | 'admin';

const storageKey = (kind: KeyKind) => `synapse.key.${kind}`;

export function getKey(kind: KeyKind): string | null {
  return localStorage.getItem(storageKey(kind));
}

export function setKey(kind: KeyKind, value: string | null): void {
  if (value) localStorage.setItem(storageKey(kind), value);
  else localStorage.removeItem(storageKey(kind));
}

let pending: Promise<boolean> | null = null;

/** Shows the key dialog; resolves true once a key was saved, false when the user cancelled. One dialog at a time. */
export function askForKey(kind: KeyKind, reason: string): Promise<boolean> {
  if (pending) return pending;
  const dialog = document.getElementById('key-dialog') as HTMLDialogElement;
  const input = document.getElementById('key-input') as HTMLInputElement;
  document.getElementById('key-dialog-title')!.textContent = kind === 'admin' ? 'Admin key needed' : 'API key needed';
  document.getElementById('key-dialog-text')!.textContent = `${reason} It is kept in this browser only.`;
  input.value = getKey(kind) ?? '';
  pending = new Promise<boolean>(resolve => {
    dialog.addEventListener('close', () => {
      pending = null;
      if (dialog.returnValue === 'ok' && input.value.trim()) {
        setKey(kind, input.value.trim());
        resolve(true);
      } else {
        resolve(false);
      }
    }, { once: true });
  });
  dialog.returnValue = '';
  dialog.showModal();
  input.focus();
  return pending;
}

/**
 * fetch with the key of its kind; a 401 asks for the key and tries once more with it. Returns the last response
 * (a second 401 when the user cancelled or the key was wrong again).
 */
export async function fetchWithKey(kind: KeyKind, url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers(init.headers);
    const key = getKey(kind);
    if (key) headers.set('Authorization', `Bearer ${key}`);
    const response = await fetch(url, { ...init, headers });
    if (response.status !== 401 || attempt >= 2) return response;
    const reason = key ? 'The key was not accepted.' : 'The server needs a key.';
    if (!(await askForKey(kind, reason))) return response;
  }
}

/** The message of an OpenAI error envelope, or the status line. */
export async function errorText(response: Response): Promise<string> {
  try {
    const body = await response.json();
    if (body?.error?.message) return `${response.status}: ${body.error.message}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return `${response.status} ${response.statusText}`;
}
