import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { toXml } from '../src/http/xml.js';

/** Any UTF-16 code unit: lone surrogates, controls, U+FFFE/U+FFFF and markup characters included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 });
/** Text XML 1.0 allows, astral characters (surrogate pairs) and CR included. */
const xmlText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\t', '\n', '\r', '<', '>', '&', '"', "'", ']]>', 'ی', '\u200c', '\u0085'),
    fc.integer({ min: 0x20, max: 0xd7ff }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0xe000, max: 0xfffd }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
  ),
  maxLength: 40,
});

/** A value like an answer's: objects with any keys, lists, text, numbers, booleans, null. */
const answer = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, anyText, fc.double(), fc.boolean(), fc.constant(null), tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(anyText, tie('value'), { maxKeys: 4 }),
})).value;

/** Parses with a conforming XML 1.0 parser; returns its errors and the text of every leaf element, in order. */
function parse(xml: string): { errors: string[]; texts: string[] } {
  const parser = new SaxesParser();
  const errors: string[] = [];
  const texts: string[] = [];
  let current = '';
  parser.on('error', (error) => errors.push(error.message));
  parser.on('opentag', () => {
    current = '';
  });
  parser.on('text', (t) => {
    current += t;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing && !/^\n\s*$/.test(current)) texts.push(current);
    current = '';
  });
  parser.write(xml).close();
  return { errors, texts };
}

describe('the XML writer', () => {
  it('always writes a document a conforming parser reads, whatever the keys and values', () => {
    fc.assert(
      fc.property(anyText, answer, (root, value) => {
        const { errors } = parse(toXml(root, value));
        expect(errors).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every character XML allows exactly as it was, CR included', () => {
    fc.assert(
      fc.property(fc.array(xmlText.filter((t) => t.length > 0 && !/^\n\s*$/.test(t)), { minLength: 1, maxLength: 5 }), (texts) => {
        const { errors, texts: read } = parse(toXml('notes', texts));
        expect(errors).toEqual([]);
        expect(read).toEqual(texts);
      }),
      { numRuns: 1000 },
    );
  });

  it('drops what XML 1.0 forbids and keeps the rest', () => {
    const { errors, texts } = parse(toXml('request', { description: 'a\u0000b\u0001c\u001bd\uFFFEe\uD800f\uDC00g\u{1F600}h' }));
    expect(errors).toEqual([]);
    expect(texts).toEqual(['abcdefg\u{1F600}h']);
  });

  it('turns any key into an element name', () => {
    const xml = toXml('data', { '1st': 'a', 'a b': 'b', 'x:y': 'c', '': 'd', 'ی': 'e' });
    expect(parse(xml).errors).toEqual([]);
    expect(xml).toContain('<_1st>a</_1st>');
    expect(xml).toContain('<a_b>b</a_b>');
  });
});
