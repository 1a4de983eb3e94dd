// Every name the package exports (values and types, from every entry) has a doc comment: its
// first line is the one-line summary the API reference (`npm run docs`) shows.
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const ENTRIES = { modeseek: 'src/index.ts', 'modeseek/element': 'src/element/index.ts', 'modeseek/node': 'src/node.ts' };

describe('doc comments', () => {
  it('every exported name has one', { timeout: 120_000 }, () => {
    const config = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram(Object.values(ENTRIES).map((f) => resolve(root, f)), { ...config.options, noEmit: true });
    const checker = program.getTypeChecker();
    const undocumented: string[] = [];
    let count = 0;
    for (const [entry, file] of Object.entries(ENTRIES)) {
      const source = program.getSourceFile(resolve(root, file))!;
      for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        count++;
        const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
        if (!doc.split('\n')[0].trim()) undocumented.push(`${entry}: ${exported.name}`);
      }
    }
    expect(count).toBeGreaterThan(50); // the entries were read: names and types
    expect(undocumented).toEqual([]);
  });
});
