// A minimal VS Code language pack for zh-cn / zh-tw, built on the fly for the test VS Code.
//
// Why: VS Code only switches its display language (and so `vscode.env.language`, which picks an
// extension's package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json) when a language pack
// for that language is installed. The real packs (MS-CEINTL.vscode-language-pack-zh-hans/-hant)
// come from the marketplace, which is out of reach here. This pack contributes the language with
// an empty translation table: the workbench's own strings stay English, everything Fact Ledger
// shows — command titles, settings, views, hovers, diagnostics — comes from our zh bundles,
// exactly as it would under the real pack.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LANGUAGES = {
  'zh-cn': { languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)' },
  'zh-tw': { languageName: 'Chinese Traditional', localizedLanguageName: '中文(繁體)' },
};

export const SUPPORTED_LOCALES = Object.keys(LANGUAGES);

/** Builds `<dir>/fact-ledger-test-language-pack-<locale>.vsix` and returns its path. */
export async function buildLanguagePack(locale, dir) {
  const language = LANGUAGES[locale];
  if (!language) throw new Error(`no test language pack for "${locale}" (have: ${SUPPORTED_LOCALES.join(', ')})`);
  const source = path.join(dir, `language-pack-${locale}`);
  mkdirSync(path.join(source, 'translations'), { recursive: true });
  const manifest = {
    name: `test-language-pack-${locale}`,
    displayName: `Test language pack (${language.languageName})`,
    description: 'Switches the test VS Code to this display language; translates nothing itself.',
    publisher: 'fact-ledger-test',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.85.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          ...language,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  writeFileSync(path.join(source, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(source, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(path.join(source, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  writeFileSync(path.join(source, 'LICENSE'), 'MIT\n');
  const { createVSIX } = await import('@vscode/vsce');
  const packagePath = path.join(dir, `fact-ledger-test-language-pack-${locale}.vsix`);
  await createVSIX({
    cwd: source,
    packagePath,
    dependencies: false,
    allowMissingRepository: true,
    skipLicense: true,
  });
  return packagePath;
}

/**
 * Registers an installed pack in the profile's languagepacks.json, which the server reads when it
 * resolves `--locale` at start-up. VS Code's own localization service writes this file once it has
 * scanned the extensions — after the first start, too late for that start's display language.
 */
export function registerLanguagePack({ userDataDir, extensionsDir, locale }) {
  const language = LANGUAGES[locale];
  if (!language) throw new Error(`no test language pack for "${locale}"`);
  const id = `fact-ledger-test.test-language-pack-${locale}`;
  const folder = readdirSync(extensionsDir).find((name) => name.startsWith(`${id}-`));
  if (!folder) throw new Error(`${id} is not installed in ${extensionsDir}`);
  const file = path.join(userDataDir, 'languagepacks.json');
  const packs = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  packs[locale] = {
    hash: createHash('md5').update(`${id}@0.0.1`).digest('hex'),
    label: language.localizedLanguageName,
    extensions: [{ extensionIdentifier: { id }, version: '0.0.1' }],
    translations: { vscode: path.join(extensionsDir, folder, 'translations', 'main.i18n.json') },
  };
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(packs, null, 2));
}

/** Builds, installs and registers the pack for `locale` in a scratch profile of scripts/lib/code-server.mjs. */
export async function installLanguagePack({ scratchDir, locale }) {
  const { installExtension } = await import('./code-server.mjs');
  installExtension({ scratchDir, vsix: await buildLanguagePack(locale, scratchDir) });
  registerLanguagePack({
    userDataDir: path.join(scratchDir, 'user-data'),
    extensionsDir: path.join(scratchDir, 'extensions'),
    locale,
  });
}
