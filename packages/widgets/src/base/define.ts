/**
 * Registers a custom element once. A second copy of the widgets on one page (two bundles, two
 * versions) warns and keeps the first registration instead of throwing.
 */
export function defineElement(tagName: string, element: CustomElementConstructor): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(tagName);
  if (existing) {
    if (existing !== element) {
      console.warn(`<${tagName}> is already defined on this page; the second copy is ignored.`);
    }
    return;
  }
  registry.define(tagName, element);
}
