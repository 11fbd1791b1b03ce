// The custom-elements manifest, generated from the widgets' JSDoc (`@summary @event @csspart @cssproperty`).

/**
 * Tidies what the analyzer infers from Lit's `static properties`: internal state (`state: true`,
 * private fields) is neither an attribute nor a listed member, and events are the ones the JSDoc names.
 */
function publicApiOnly() {
  return {
    name: 'payam-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          const hidden = new Set(
            (declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name),
          );
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !hidden.has(a.fieldName ?? a.name));
          // Private and protected members are the element's inner workings, not its API.
          declaration.members = (declaration.members ?? []).filter((m) => !m.name.startsWith('#') && !hidden.has(m.name));
          declaration.events = (declaration.events ?? []).filter((e) => e.name);
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts', 'src/base/payam-element.ts', 'src/base/message-element.ts', 'src/base/form-control.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/define.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
  plugins: [publicApiOnly()],
};
