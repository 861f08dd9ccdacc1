import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// Element Plus components (and their CSS) are imported where templates use them, so each route's chunk carries only
// its own; ECharts is imported by the chart component alone, loaded with the screens that draw charts.
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  // The manifest tells scripts/measure.ts which chunks the first screen loads.
  build: { outDir: 'dist/app', emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 1_200 },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
