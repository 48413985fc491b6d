// The fleet dashboard: the balancer's /admin/fleet every second while shown, drain and resume with the admin key.
import { errorText, fetchWithKey } from './keys';

interface FleetNode {
  id: string;
  url: string;
  source: string;
  health: string;
  reason: string | null;
  models: string[];
  in_flight: number;
  requests: number;
  errors: number;
  running: number | null;
  waiting: number | null;
  slots: number | null;
  kv_cache_usage: number | null;
  generation_tokens_total: number | null;
}

interface Fleet {
  balancer: { policy: string; uptime_seconds: number };
  nodes: FleetNode[];
}

const body = document.getElementById('fleet-body') as HTMLTableSectionElement;
const summary = document.getElementById('fleet-summary') as HTMLParagraphElement;
const errorEl = document.getElementById('fleet-error') as HTMLParagraphElement;
const previous = new Map<string, { tokens: number; at: number }>();
const rates = new Map<string, number>();
let timer: number | undefined;
let active = false;
let refusedKey = false;

function showError(text: string | null) {
  errorEl.textContent = text ?? '';
  errorEl.hidden = !text;
}

export function startFleet(): void {
  active = true;
  refusedKey = false;
  void poll();
}

export function stopFleet(): void {
  active = false;
  clearTimeout(timer);
}

async function poll(): Promise<void> {
  clearTimeout(timer);
  if (!active) return;
  try {
    const response = await fetchWithKey('admin', '/admin/fleet', { cache: 'no-store' });
    if (response.status === 404) {
      showError('This server is a single node: the fleet dashboard is served by the balancer.');
      return;
    }
    if (response.status === 401 || response.status === 403) {
      refusedKey = true;
      showError(`The dashboard needs the admin key: ${await errorText(response)}`);
      return;
    }
    if (!response.ok) {
      showError(await errorText(response));
    } else {
      showError(null);
      render(await response.json());
    }
  } catch (error) {
    showError(`The balancer does not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (active && !refusedKey) timer = window.setTimeout(poll, 1000);
}

function stateText(node: FleetNode): string {
  return node.reason ? `${node.health}: ${node.reason}` : node.health;
}

function render(fleet: Fleet): void {
  const now = performance.now();
  const healthy = fleet.nodes.filter(n => n.health === 'healthy').length;
  summary.textContent = `${fleet.nodes.length} nodes, ${healthy} healthy · policy ${fleet.balancer.policy} · up ${Math.round(fleet.balancer.uptime_seconds)} s`;
  const seen = new Set<string>();
  for (const node of fleet.nodes) {
    seen.add(node.id);
    if (node.generation_tokens_total !== null) {
      const before = previous.get(node.id);
      if (before && now > before.at && node.generation_tokens_total >= before.tokens) {
        rates.set(node.id, (node.generation_tokens_total - before.tokens) / ((now - before.at) / 1000));
      }
      previous.set(node.id, { tokens: node.generation_tokens_total, at: now });
    }
    let row = body.querySelector<HTMLTableRowElement>(`tr[data-node="${CSS.escape(node.id)}"]`);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.node = node.id;
      body.append(row);
    }
    fillRow(row, node);
  }
  for (const row of [...body.querySelectorAll<HTMLTableRowElement>('tr')]) {
    if (!seen.has(row.dataset.node!)) row.remove();
  }
}

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fillRow(row: HTMLTableRowElement, node: FleetNode): void {
  const kv = node.kv_cache_usage;
  const rate = rates.get(node.id);
  const name = document.createElement('th');
  name.scope = 'row';
  name.innerHTML = '';
  const id = document.createElement('span');
  id.textContent = node.id;
  const url = document.createElement('small');
  url.textContent = node.url;
  name.append(id, document.createElement('br'), url);

  const state = cell(stateText(node), `state state-${node.health}`);
  state.dataset.state = node.health;

  const kvCell = cell(kv === null ? '–' : `${Math.round(kv * 100)} %`, 'nowrap');
  if (kv !== null) {
    const meter = document.createElement('meter');
    meter.min = 0;
    meter.max = 1;
    meter.value = kv;
    meter.setAttribute('aria-label', `KV cache of ${node.id}`);
    kvCell.prepend(meter, ' ');
  }

  const actions = document.createElement('td');
  const draining = node.health === 'draining';
  const action = document.createElement('button');
  action.type = 'button';
  action.textContent = draining ? 'Resume' : 'Drain';
  action.className = draining ? 'resume' : 'drain';
  action.setAttribute('aria-label', `${draining ? 'Resume' : 'Drain'} ${node.id}`);
  action.addEventListener('click', async () => {
    action.disabled = true;
    const response = await fetchWithKey('admin', `/admin/nodes/${encodeURIComponent(node.id)}/${draining ? 'resume' : 'drain'}`, { method: 'POST' });
    if (!response.ok) showError(await errorText(response));
    refusedKey = false;
    await poll();
  });
  actions.append(action);

  row.replaceChildren(
    name,
    state,
    cell(node.models.join(', ') || '–'),
    cell(String(node.in_flight)),
    cell(node.waiting === null ? '–' : String(node.waiting)),
    kvCell,
    cell(rate === undefined ? '–' : rate.toFixed(1)),
    actions,
  );
}
