import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The compose code runs inside the home server's page, next to the web session's token
 * (`#initial-state` → `meta.access_token`) and the typed post. It must never read the one, and
 * never send the other anywhere. Checked on the code (comments stripped), not on intentions.
 */
const files = [
  ...readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(__dirname, f)),
  path.resolve(__dirname, '../../entrypoints/compose.content/index.ts'),
];

function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

describe('compose code and the page', () => {
  it.each(files.map((f) => [path.relative(path.resolve(__dirname, '../..'), f), f]))(
    '%s reads no token or initial state',
    (_, file) => {
      const source = code(file);
      for (const forbidden of [
        'initial-state',
        'access_token',
        'data-props',
        'dataset.props',
        'localStorage',
        'document.cookie',
      ]) {
        expect(source).not.toContain(forbidden);
      }
    },
  );

  it.each(files.map((f) => [path.relative(path.resolve(__dirname, '../..'), f), f]))(
    '%s sends nothing over the network',
    (_, file) => {
      const source = code(file);
      for (const forbidden of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'sendBeacon', 'postMessage(']) {
        expect(source).not.toContain(forbidden);
      }
    },
  );

  it('the only message the content script sends is the context request, which carries no text', () => {
    const entry = code(files.at(-1)!);
    expect(entry.match(/sendMessage\(/g)).toHaveLength(1);
    expect(entry).toContain('sendMessage(COMPOSE_CONTEXT_REQUEST)');
    expect(code(path.join(__dirname, 'context.ts'))).toContain(
      "COMPOSE_CONTEXT_REQUEST: ComposeContextRequest = { type: 'compose/context' }",
    );
  });
});
