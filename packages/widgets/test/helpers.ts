/** Waits for renders until `ready` holds (each step waits for the widget's next update). */
export async function until(el: HTMLElement & { updateComplete: Promise<boolean> }, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await el.updateComplete;
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the widget never reached the expected state');
}

/** The widget's shadow text with white space folded. */
export const textOf = (el: Element): string => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** An element of the widget's shadow tree, which must exist. */
export function part<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Types into an input as a person would: sets the value and fires `input`. */
export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Fills the street-light service's required fields as a citizen on a Persian keyboard would. */
export function fillStreetLightInPersian(el: Element): void {
  type(part(el, '#description'), 'چراغ کوچه خاموش است');
  type(part(el, '#attr-pole'), '۱۲');
  choose(part(el, '#attr-kind'), 'street');
  type(part(el, '#address'), 'خیابان آزادی');
}

/** Chooses a value in a select and fires `change`. */
export function choose(select: HTMLSelectElement, value: string): void {
  select.focus();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
