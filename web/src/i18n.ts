/**
 * The pages' words, Chinese first, English switchable: one typed dictionary per language, so a
 * key missing from English is a type error, not a blank on the page. `{name}` placeholders are
 * filled by `t(key, { name })`.
 */

import { en } from './messages/en';
import { zh } from './messages/zh';

export type Language = 'zh' | 'en';

export type MessageKey = keyof typeof zh;

export const DICTIONARIES: Readonly<Record<Language, Record<MessageKey, string>>> = { zh, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/** A key built from data (a status, a field name), if the dictionary has it. */
export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}
