import { defineConfig } from 'tsup';
import { minifyStyles } from './build/minify-styles.mjs';
import { inlineOnDemand } from './build/inline-on-demand.mjs';
import { HASH_PLACEHOLDER } from './build/content-hash.mjs';

/**
 * In the single file of the citizen widgets, the report form's parts shown only on demand stay
 * out: the map (its controller, d3-geo, its texts), the photos and the similar messages nearby.
 * The form imports each, when first needed, from its own file beside the single file
 * (`payam-report-map.js`, `payam-report-photos.js`, `payam-report-similar.js`; the build gives
 * each a hashed name, written into the single file, see `scripts/version-cdn.mjs`). They take
 * lit and the texts' loader from the form, so they carry no second copy.
 */
export const BESIDE: readonly { module: RegExp; importer: RegExp; file: string; entry: string }[] = [
  { module: /place-map-controller\.js$/, importer: /map-opener\.ts$/, file: 'payam-report-map', entry: 'src/components/report-map/place-map-controller.ts' },
  { module: /photo-field\.js$/, importer: /report-form\.ts$/, file: 'payam-report-photos', entry: 'src/components/report-form/photo-field.ts' },
  { module: /similar-messages\.js$/, importer: /report-form\.ts$/, file: 'payam-report-similar', entry: 'src/components/report-form/similar-messages.ts' },
];

const partsBeside = {
  name: 'report-parts-beside',
  setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string; importer: string }) => { path: string; external: boolean } | undefined): void }) {
    for (const part of BESIDE) {
      build.onResolve({ filter: part.module }, (args) => (part.importer.test(args.importer) ? { path: `./${part.file}.${HASH_PLACEHOLDER}.js`, external: true } : undefined));
    }
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
      ...Object.fromEntries(BESIDE.map((part) => [part.file, part.entry])),
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
    esbuildPlugins: [minifyStyles(), partsBeside, inlineOnDemand(/[\\/]packages[\\/](?:widgets[\\/]src[\\/].*\.ts|(?:client|core)[\\/]dist[\\/].*\.js)$/, BESIDE.map((part) => part.module))],
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
