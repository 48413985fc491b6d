import { defineConfig } from 'vite';

// One page, its scripts, styles and KaTeX's fonts bundled under assets/ with a content hash in each name, so the
// server may cache them for good; nothing is loaded from anywhere else.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Fonts stay files (KaTeX has many; inlined, every one would weigh on the first load).
    assetsInlineLimit: 0,
    sourcemap: false,
    // The bundle (highlight.js's common languages, KaTeX, marked, DOMPurify) is one file on purpose: one request.
    chunkSizeWarningLimit: 1024,
    target: 'es2022',
  },
});
