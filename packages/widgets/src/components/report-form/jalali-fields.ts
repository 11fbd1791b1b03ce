import type { ReactiveControllerHost } from 'lit';
import type { FieldContext } from './attribute-field.js';
import type { JalaliDateTimeField } from './jalali-date-time.js';
import { jalaliTools } from './jalali-tools.js';
import type { TextKey } from '../../base/i18n.js';

/** The host of Jalali date-time fields: a widget that renders, focuses in its shadow tree, and speaks. */
export type JalaliHost = ConstructorParameters<typeof JalaliDateTimeField>[0] & ReactiveControllerHost;

/**
 * The Persian date-time fields of a form, one per attribute code: their module is loaded on
 * first need (the browser's own input is shown meanwhile, and again if it fails to load).
 */
export class JalaliFields {
  private readonly fields = new Map<string, JalaliDateTimeField>();
  private create: ((host: JalaliHost) => JalaliDateTimeField) | undefined;
  private loading = false;

  constructor(
    private readonly host: JalaliHost,
    private readonly t: (key: TextKey) => string,
  ) {}

  /** The renderer of the field of attribute `code`, or `undefined` while its module loads. */
  field(code: string): FieldContext['dateField'] {
    if (!this.create) {
      this.load();
      return undefined;
    }
    let field = this.fields.get(code);
    if (!field) this.fields.set(code, (field = this.create(this.host)));
    const rendered = field;
    const t = this.t;
    const texts = { calendar: t('report.calendar'), previousMonth: t('report.previousMonth'), nextMonth: t('report.nextMonth'), format: t('report.dateTimeHint') };
    return (context) => rendered.render({ ...context, texts });
  }

  private load(): void {
    if (this.loading) return;
    this.loading = true;
    void import('./jalali-date-time.js').then(
      (module) => {
        this.create = (host) => new module.JalaliDateTimeField(host, jalaliTools);
        this.host.requestUpdate();
      },
      () => {
        this.loading = false;
      },
    );
  }
}
