// The CLI's display language: the same bundles as the extension (l10n/bundle.l10n.<locale>.json),
// chosen by --locale or LC_ALL / LC_MESSAGES / LANG, loaded into @vscode/l10n.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

export const LOCALES = ['en', 'zh-cn', 'zh-tw'] as const;
export type Locale = (typeof LOCALES)[number];

/** A locale from --locale's value or a POSIX locale name (zh_CN.UTF-8 → zh-cn; zh_TW, zh_HK → zh-tw). */
export function normalizeLocale(value: string | undefined): Locale | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase().replace(/[.@].*$/, '').replace('_', '-');
  if ((LOCALES as readonly string[]).includes(v)) return v as Locale;
  if (v === 'zh-hk' || v === 'zh-mo' || v === 'zh-hant' || v.startsWith('zh-hant-')) return 'zh-tw';
  if (v === 'zh' || v === 'zh-sg' || v === 'zh-hans' || v.startsWith('zh-hans-')) return 'zh-cn';
  if (v === 'c' || v === 'posix' || v === 'en' || v.startsWith('en-')) return 'en';
  return undefined;
}

/** The locale the environment asks for: the first set of LC_ALL, LC_MESSAGES, LANG; else English. */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const name = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return normalizeLocale(name) ?? 'en';
}

/** The l10n folder: next to dist/ when bundled (dist/cli.js → ../l10n), two up from src/cli otherwise. */
function bundleDir(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return [path.join(here, '..', 'l10n'), path.join(here, '..', '..', 'l10n')].find((dir) => existsSync(path.join(dir, 'bundle.l10n.json')));
}

/** Loads the bundle of `locale` (English needs none: the keys are the English text). */
export function useLocale(locale: Locale): void {
  let contents: Record<string, string> = {};
  const dir = locale === 'en' ? undefined : bundleDir();
  if (dir) {
    try {
      contents = JSON.parse(readFileSync(path.join(dir, `bundle.l10n.${locale}.json`), 'utf8')) as Record<string, string>;
    } catch {
      contents = {};
    }
  }
  l10n.config({ contents });
}

export const t: (message: string, ...args: (string | number)[]) => string = (message, ...args) => l10n.t(message, ...args);
