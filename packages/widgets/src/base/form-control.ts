import type { PropertyValues } from 'lit';
import { PayamElement, type WidgetClient } from './payam-element.js';
import type { TextKey } from './i18n.js';

/** What a form control reports to its host page's form: its value, the state to restore, and what is wrong, if anything. */
export interface FormControlState {
  /** The value submitted with the form, `null` for none. */
  value: string | null;
  /** What the browser keeps to restore the control (history navigation, autofill); defaults to the value. */
  state?: string | null;
  /** The constraint the control misses now, with the text that says what is wrong, or `undefined` when it is valid. */
  invalid?: { flag: keyof ValidityStateFlags; message: TextKey };
  /** The element the browser points at when it reports the problem. */
  anchor?: HTMLElement | null;
}

/**
 * A widget that takes part in a host page's `<form>` as a form control (form-associated custom
 * element, `ElementInternals`): it has a `name`, can be `required` and `disabled` (also through
 * a disabled `<fieldset>`), reports its validity with a message that says what is wrong in the
 * widget's language, is cleared when the form is reset and restored when the browser restores
 * the form (back/forward navigation). Widgets describe themselves through {@link formState},
 * {@link resetControl} and {@link restoreControl}.
 */
export abstract class PayamFormControl<C extends object = WidgetClient> extends PayamElement<C> {
  /** The element takes part in a host page's `<form>`. */
  static formAssociated = true;

  static override properties = {
    ...PayamElement.properties,
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
  };

  /** Name under which the value is submitted with a host page's form. */
  declare name: string;
  /** Whether a host page's form is invalid until the control has a value. */
  declare required: boolean;
  /** Whether the control is disabled (also when a host page's fieldset is). */
  declare disabled: boolean;

  /** The browser's handle on this control's part in its form. */
  protected readonly internals: ElementInternals;
  private disabledByForm = false;

  constructor() {
    super();
    this.name = '';
    this.required = false;
    this.disabled = false;
    this.internals = this.attachInternals();
  }

  /** The control's value as a host form receives it (`''` when it has none). */
  abstract get value(): string;

  /** The host page's form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** The control's validity, as the browser sees it. */
  get validity(): ValidityState {
    return this.internals.validity;
  }

  /** What is wrong with the control, in its language (`''` when it is valid). */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  /** Whether the control is checked when its form is submitted. */
  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  /** Whether the element satisfies its constraints in a host page's form. */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Like {@link checkValidity}, and lets the browser show what is wrong. */
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Whether the control takes no input: disabled itself or by a host page's fieldset. */
  protected get isDisabled(): boolean {
    return this.disabled || this.disabledByForm;
  }

  /** Called by the browser when a host page's fieldset disables or enables this element. */
  formDisabledCallback(disabled: boolean): void {
    this.disabledByForm = disabled;
    this.requestUpdate();
  }

  /** Called by the browser when a host page's form is reset. */
  formResetCallback(): void {
    this.resetControl();
  }

  /**
   * Called by the browser when it restores the form (history navigation, or autofill): the
   * control takes back the state it reported.
   */
  formStateRestoreCallback(state: string | File | FormData | null, mode: 'restore' | 'autocomplete'): void {
    if (typeof state === 'string') this.restoreControl(state, mode);
  }

  /** Clears the control (the host form was reset). */
  protected abstract resetControl(): void;

  /** Takes back a state the control reported through {@link formState}. */
  protected abstract restoreControl(state: string, mode: 'restore' | 'autocomplete'): void;

  /** The control's value, restorable state and validity now. */
  protected abstract formState(): FormControlState;

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.syncForm();
  }

  /** Tells the browser the control's value, state and validity (after every render, so they are never stale). */
  protected syncForm(): void {
    const { value, state, invalid, anchor } = this.formState();
    this.internals.setFormValue(value, state === undefined ? value : state);
    if (invalid) this.internals.setValidity({ [invalid.flag]: true }, this.t(invalid.message), anchor ?? undefined);
    else this.internals.setValidity({});
  }

  /** Sets or clears a custom state (`:state(name)` in the host page's CSS). */
  protected toggleState(name: string, on: boolean): void {
    try {
      if (on) this.internals.states.add(name);
      else this.internals.states.delete(name);
    } catch {
      // Browsers without custom states still get the value and the validity.
    }
  }
}
