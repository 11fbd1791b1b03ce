import { defineConfig } from 'tsup';
import { minifyStyles } from './build/minify-styles.mjs';
import { inlineOnDemand } from './build/inline-on-demand.mjs';

/**
 * In the single file of the citizen widgets, the report form's map (its controller, d3-geo, its
 * texts) stays out: the form imports it, on the first press of "place on the map", from
 * `payam-report-map.js` beside the file. The map takes lit and the texts' loader from the form.
 */
const reportMapBeside = {
  name: 'report-map-beside',
  setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { importer: string }) => { path: string; external: boolean } | undefined): void }) {
    build.onResolve({ filter: /place-map-controller\.js$/ }, (args) =>
      /map-opener\.ts$/.test(args.importer) ? { path: './payam-report-map.js', external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    // ESM entry points for bundlers; dependencies stay imports.
    entry: {
      index: 'src/index.ts',
      'report-form': 'src/report-form.ts',
      'status-tracker': 'src/status-tracker.ts',
      'feedback-form': 'src/feedback-form.ts',
      'topic-map': 'src/topic-map.ts',
    },
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    loader: { '.json': 'json' },
    // Each language becomes its own chunk with core's texts inside, loaded when a widget speaks it.
    splitting: true,
    esbuildPlugins: [minifyStyles()],
    noExternal: [/^@payam\/core\/locales\//],
    esbuildOptions(options) {
      options.charset = 'utf8';
    },
  },
  {
    // The single files for a <script type="module"> tag, each with every dependency, minified: the
    // three citizen widgets, and the topic map of the dashboard apart (d3-geo stays off citizen pages).
    entry: {
      'payam-widgets': 'src/cdn.ts',
      'payam-topic-map': 'src/topic-map.ts',
      'payam-report-map': 'src/components/report-map/place-map-controller.ts',
    },
    outDir: 'dist/cdn',
    format: ['esm'],
    outExtension: () => ({ js: '.js' }),
    dts: false,
    clean: false,
    minify: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    noExternal: [/.*/],
    // One file: what the widgets and the client load on demand (the languages, the views shown
    // after an action, the client's registration) is imported statically instead of split into chunks.
    splitting: false,
    esbuildPlugins: [minifyStyles(), reportMapBeside, inlineOnDemand(/[\\/]packages[\\/](?:widgets[\\/]src[\\/].*\.ts|(?:client|core)[\\/]dist[\\/].*\.js)$/)],
    esbuildOptions(options) {
      // Core and the client from their built `dist` (built first by `pnpm build`), as an
      // application's bundler takes them: their declarations are marked free of side effects
      // there, so the schemas and texts the widgets never read stay out of the file.
      options.conditions = ['browser', 'import'];
      options.legalComments = 'none';
      // Module scripts are always read as UTF-8, so Persian text needs no \u escapes.
      options.charset = 'utf8';
    },
  },
]);
