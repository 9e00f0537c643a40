// Builds the renderer for both carriers: Electron loads dist/renderer from
// file:// (hence the relative base), browser mode serves the same files.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // SPINDLE_MINIFY=0 keeps names readable in CPU profiles (benchmark digging).
    minify: process.env.SPINDLE_MINIFY !== '0',
    // One chunk is fine for a local desktop app; the warning is noise here.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
