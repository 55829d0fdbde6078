// Restricted Mode as package.json declares it: limited support, and the workspace may not choose
// which files are read (settings that could point outside, or make a huge file count as small).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, unknown> } };
};

describe('Restricted Mode in package.json', () => {
  const untrusted = pkg.capabilities.untrustedWorkspaces;

  it('is supported in a limited way', () => {
    expect(untrusted.supported).toBe('limited');
  });

  it('ignores workspace values of the settings that choose which files are read', () => {
    expect(untrusted.restrictedConfigurations).toEqual(expect.arrayContaining(['factLedger.registry.glob', 'factLedger.articles.include', 'factLedger.maxFileSizeMB']));
    for (const name of untrusted.restrictedConfigurations ?? []) expect(pkg.contributes.configuration.properties, name).toHaveProperty([name]);
  });
});
