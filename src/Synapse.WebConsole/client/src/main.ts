// Wires the page: the #/chat and #/fleet views, the theme, and the keys button.
import './styles.css';
import { loadModels, openConversation } from './chat';
import { startFleet, stopFleet } from './fleet';
import { askForKey, setKey } from './keys';

const chatView = document.getElementById('chat-view')!;
const fleetView = document.getElementById('fleet-view')!;
const sidebar = document.getElementById('sidebar')!;
const sidebarToggle = document.getElementById('sidebar-toggle')!;

async function route(): Promise<void> {
  const [, view = 'chat', id = null] = location.hash.split('/');
  const fleet = view === 'fleet';
  chatView.hidden = fleet;
  fleetView.hidden = !fleet;
  const [here, away] = fleet ? ['tab-fleet', 'tab-chat'] : ['tab-chat', 'tab-fleet'];
  document.getElementById(here)!.setAttribute('aria-current', 'page');
  document.getElementById(away)!.removeAttribute('aria-current');
  if (fleet) {
    startFleet();
  } else {
    stopFleet();
    await openConversation(id);
  }
  sidebar.classList.remove('open');
  sidebarToggle.setAttribute('aria-expanded', 'false');
}

sidebarToggle.addEventListener('click', () => {
  const open = sidebar.classList.toggle('open');
  sidebarToggle.setAttribute('aria-expanded', String(open));
});

// Theme: follows the system until chosen; the choice cycles auto → light → dark.
const themes = ['auto', 'light', 'dark'] as const;
const themeButton = document.getElementById('theme-toggle')!;
function applyTheme(theme: string) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  themeButton.setAttribute('aria-label', `Colour theme: ${theme}`);
  themeButton.title = `Theme: ${theme}`;
}
applyTheme(localStorage.getItem('synapse.theme') ?? 'auto');
themeButton.addEventListener('click', () => {
  const now = localStorage.getItem('synapse.theme') ?? 'auto';
  const next = themes[(themes.indexOf(now as typeof themes[number]) + 1) % themes.length];
  localStorage.setItem('synapse.theme', next);
  applyTheme(next);
});

document.getElementById('keys-button')!.addEventListener('click', async () => {
  const admin = !fleetView.hidden;
  setKey(admin ? 'admin' : 'client', null);
  if (await askForKey(admin ? 'admin' : 'client', admin ? 'Enter the admin key.' : 'Enter the API key.')) {
    if (admin) startFleet();
    else await loadModels();
  }
});

window.addEventListener('hashchange', () => void route());
void route().then(() => loadModels());
