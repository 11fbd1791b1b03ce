// An esbuild plugin for the widgets' build: the `css` tagged templates of the style modules
// (`*.styles.ts`, `base/styles.ts`) are minified with esbuild's CSS minifier, so the built files
// ship the rules without their indentation and comments. The style modules hold plain CSS, no
// `${}` interpolation; one that has any is left as it is.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

/** @returns {import('esbuild').Plugin} */
export function minifyStyles() {
  return {
    name: 'payam-minify-styles',
    setup(build) {
      build.onLoad({ filter: /[\\/](?:[\w-]+\.styles|styles)\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        let contents = '';
        let last = 0;
        for (const match of source.matchAll(/\bcss`([^`]*)`/g)) {
          const [whole, text] = match;
          if (text.includes('${') || text.includes('\\')) continue;
          const { code } = await transform(text, { loader: 'css', minify: true, logLevel: 'silent' });
          contents += `${source.slice(last, match.index)}css\`${code.trim()}\``;
          last = match.index + whole.length;
        }
        return { contents: contents + source.slice(last), loader: 'ts' };
      });
    },
  };
}
