/**
 * Styles a part loaded on demand adds to its widget's shadow root as a constructed style sheet,
 * one sheet for every widget on the page: a `<style>` element in a template would need
 * `style-src 'unsafe-inline'` under a page's Content-Security-Policy, a constructed sheet does not.
 */
const sheets = new Map<string, CSSStyleSheet>();

/** Adds `css` to the shadow root of `host` (once; nothing before the host has its shadow root). */
export function adoptStyles(host: object, css: string): void {
  const root = (host as Partial<Element>).shadowRoot;
  if (root) adoptStylesIn(root, css);
}

/** Adds `css` to `root`, the shadow root or the document a node is in (once). */
export function adoptStylesIn(root: DocumentOrShadowRoot, css: string): void {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
