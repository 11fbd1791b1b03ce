/**
 * Answers a page was served with: a server that knows what a page will read first (the message a
 * tracking link opens) can write the answer into the page, so the widgets show it without waiting
 * for one more round trip on a slow network:
 *
 * ```html
 * <script type="application/json" data-payam-answer="/open311/v2/requests/137-1000.json?extensions=true" lang="fa">[…]</script>
 * ```
 *
 * A read (GET) of exactly that address in that language (`Accept-Language`) takes the answer
 * instead of the network, as long as the page is loading: for a few seconds after the first read
 * that used it (the widgets of a page read at once), and never after a client on the page sent a
 * write (the answer may be stale then). The answer is checked like any other.
 */

/** How long after its first use an answer still serves reads: the widgets of a page read together. */
const FRESH_MS = 5000;

interface AnswerElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface PageDocument {
  baseURI: string;
  querySelectorAll(selector: string): Iterable<AnswerElement>;
}

const firstUse = new Map<string, number>();
let written = false;

/** The answer the page holds for a read of `url` in `lang`, if it may still be used. */
export function firstAnswer(url: string, lang: string): string | undefined {
  const page = (globalThis as { document?: PageDocument }).document;
  if (written || !page?.querySelectorAll) return undefined;
  for (const element of page.querySelectorAll('script[type="application/json"][data-payam-answer]')) {
    const address = element.getAttribute('data-payam-answer') ?? '';
    if (element.getAttribute('lang') !== lang || new URL(address, page.baseURI).href !== url) continue;
    const now = Date.now();
    const first = firstUse.get(url) ?? now;
    firstUse.set(url, first);
    return now - first <= FRESH_MS ? (element.textContent ?? undefined) : undefined;
  }
  return undefined;
}

/** A write was sent: answers written into the page are no longer used. */
export function answersSpent(): void {
  written = true;
}
