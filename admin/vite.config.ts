// Builds the admin dashboard (admin/index.html + admin/src) into dist/admin, served by src/admin at /admin.
// Everything the page needs is bundled from npm packages at build time: no CDN, nothing fetched at run time
// except the service's own /api/v1 routes.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  publicDir: false,
  clearScreen: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // the strict CSP of src/bootstrap.ts allows scripts from 'self' only: no inline polyfill
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
});
