/**
 * Open311's XML: the same data as the JSON answers, with the spec's wrapper elements
 * (`<services><service>`, `<service_requests><request>`, `<errors><error>`).
 */

/** How the items of a list are named inside their parent element. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
  endpoints: 'endpoint',
  formats: 'format',
  rows: 'row',
  suggestions: 'suggestion',
  items: 'item',
};

/**
 * Everything XML 1.0 does not allow in a document (its `Char` production): C0 controls but tab,
 * LF and CR, lone surrogates, U+FFFE and U+FFFF. Stored text written before input was checked
 * may still hold them; they are dropped, so an answer always parses.
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;', '\r': '&#13;' };

/** Text content: markup escaped, a CR kept as a character reference (parsers turn a raw one into LF), the rest dropped. */
function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[<>&'"\r]/g, (ch) => ESCAPES[ch] ?? ch);
}

/** An element name from any key: ASCII letters, digits, `_`, `.` and `-`, starting with a letter or `_`. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function element(name: string, value: unknown, indent: string): string {
  const tag = safeName(name);
  if (value === null || value === undefined) return `${indent}<${tag}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    if (value.length === 0) return `${indent}<${tag}/>`;
    return `${indent}<${tag}>\n${value.map((v) => element(item, v, `${indent}  `)).join('\n')}\n${indent}</${tag}>`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${indent}<${tag}/>`;
    return `${indent}<${tag}>\n${entries.map(([k, v]) => element(k, v, `${indent}  `)).join('\n')}\n${indent}</${tag}>`;
  }
  return `${indent}<${tag}>${escapeXml(String(value))}</${tag}>`;
}

/** Serialises `value` as an XML document whose root element is `root`. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}\n`;
}
