import type { Language } from '@payam/core';
import type { Context } from 'hono';

/** The language of an answer: `?lang=`, then `Accept-Language`, then Persian. */
export function languageOf(c: Context, bodyLang?: unknown): Language {
  const query = c.req.query('lang');
  if (query === 'en' || query === 'fa') return query;
  if (bodyLang === 'en' || bodyLang === 'fa') return bodyLang;
  const header = c.req.header('accept-language') ?? '';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('fa')) return 'fa';
    if (tag.startsWith('en')) return 'en';
  }
  return 'fa';
}

/** An API error text in `lang` (see `errorText`). */
export { errorText as text } from '../texts.js';
