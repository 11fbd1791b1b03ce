// The custom-elements manifest, generated from the widgets' JSDoc (`@summary @event @csspart @cssproperty`).
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/define.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
};
