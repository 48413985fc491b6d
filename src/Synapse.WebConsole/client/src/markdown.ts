// Markdown to safe HTML: GitHub-flavoured Markdown (tables) by marked, code coloured by highlight.js with a copy
// button, LaTeX ($…$, $$…$$, \(…\), \[…\]) typeset by KaTeX, and the result cleaned by DOMPurify, since the
// text comes from a model (or an imported file) and must never run script in this page.
import { Marked, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import hljs from 'highlight.js/lib/common';
import katex from 'katex';
import DOMPurify from 'dompurify';
import 'katex/dist/katex.min.css';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function tex(source: string, display: boolean): string {
  return katex.renderToString(source, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: src => src.match(/\$\$|\\\[/)?.index,
  tokenizer(src) {
    const m = /^(?:\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\])[ \t]*(?:\n|$)/.exec(src);
    return m ? { type: 'blockMath', raw: m[0], text: (m[1] ?? m[2]).trim() } : undefined;
  },
  renderer: token => `<div class="math-block">${tex(token.text as string, true)}</div>\n`,
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: src => src.match(/\$|\\\(/)?.index,
  tokenizer(src) {
    // A lone $ before a space or after one (prices: "$5 and $6") is not math.
    const m = /^\$\$([^$]+?)\$\$/.exec(src) ?? /^\$(?![\s$])([^$\n]+?)(?<!\s)\$(?!\d)/.exec(src) ?? /^\\\(([\s\S]+?)\\\)/.exec(src);
    return m ? { type: 'inlineMath', raw: m[0], text: m[1], display: m[0].startsWith('$$') } : undefined;
  },
  renderer: token => tex(token.text as string, Boolean(token.display)),
};

const marked = new Marked({ gfm: true, breaks: false });
marked.use({
  extensions: [blockMath, inlineMath],
  renderer: {
    code(token: Tokens.Code) {
      const language = (token.lang ?? '').trim().split(/\s+/)[0];
      let body: string;
      if (language && hljs.getLanguage(language)) {
        body = hljs.highlight(token.text, { language, ignoreIllegals: true }).value;
      } else if (!language && token.text.length < 4000) {
        body = hljs.highlightAuto(token.text).value;
      } else {
        body = escapeHtml(token.text);
      }
      const label = escapeHtml(language || 'code');
      return `<div class="code-block"><div class="code-head"><span>${label}</span>` +
        `<button type="button" class="copy-code" aria-label="Copy code">Copy</button></div>` +
        `<pre><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${body}</code></pre></div>\n`;
    },
  },
});

DOMPurify.addHook('afterSanitizeAttributes', node => {
  // Links from a model open apart from the console and tell nothing about it.
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false }) as string;
  return DOMPurify.sanitize(html, { ADD_TAGS: ['semantics', 'annotation'], ADD_ATTR: ['target', 'encoding'], FORBID_TAGS: ['style', 'img'] });
}

/** Splits a reply that carries its reasoning inline (<think>…</think>, as Qwen3's template writes it). */
export function splitThinking(content: string): { reasoning: string; content: string } {
  const m = /^\s*<think>([\s\S]*?)(?:<\/think>\s*|$)/.exec(content);
  if (!m) return { reasoning: '', content };
  return { reasoning: m[1].trim(), content: content.slice(m[0].length) };
}
