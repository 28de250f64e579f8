import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the real CLI entry point in a child process, as a user would. */
function runScan(
  stdin: string,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/audit.ts', 'scan', ...args], { cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('audit scan', () => {
  it('writes one findings line per post, in order, for text and HTML posts', async () => {
    const input = [
      { id: 'a', text: 'New number: +49 176 98765432, call me', visibility: 'public' },
      {
        id: 7,
        content:
          '<p>Boosting <span class="h-card"><a href="https://mastodon.social/@alice" class="u-url mention">@<span>alice</span></a></span> today</p>',
      },
      { id: 'c', content: '<p>I live in Leeds now</p><p>mail me: sam.okafor@posteo.net</p>' },
    ]
      .map((p) => JSON.stringify(p))
      .join('\n');
    const { code, stdout } = await runScan(`${input}\n`);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 7, 'c']);
    expect(lines[0].findings).toHaveLength(1);
    expect(lines[0].findings[0]).toMatchObject({ kind: 'phone', start: 12, end: 28 });
    expect(Object.keys(lines[0].findings[0]).sort()).toEqual([
      'confidence',
      'end',
      'kind',
      'reason',
      'start',
    ]);
    expect(lines[1].findings).toEqual([]);
    expect(lines[2].findings.map((f: { kind: string }) => f.kind)).toEqual(['location', 'email']);
    // Offsets point into the converted text: "I live in Leeds now\n\nmail me: sam…"
    const email = lines[2].findings[1];
    expect('I live in Leeds now\n\nmail me: sam.okafor@posteo.net'.slice(email.start, email.end)).toBe(
      'sam.okafor@posteo.net',
    );
  }, 60_000);

  it('reports malformed lines with their line number and keeps going', async () => {
    const input = [
      '{"id":"1","text":"hello"}',
      '{broken',
      '{"id":"2"}',
      '{"text":"no id"}',
      '{"id":"3","text":"bye"}',
    ].join('\n');
    const { code, stdout } = await runScan(input);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual({ id: '1', findings: [] });
    expect(lines[1]).toMatchObject({ id: null, line: 2 });
    expect(lines[1].error).toMatch(/invalid JSON/);
    expect(lines[2]).toMatchObject({ id: null, line: 3 });
    expect(lines[2].error).toMatch(/text|content/);
    expect(lines[3]).toMatchObject({ id: null, line: 4 });
    expect(lines[4]).toEqual({ id: '3', findings: [] });
  }, 60_000);

  it('streams many lines without losing or reordering any', async () => {
    const n = 5000;
    const input = Array.from({ length: n }, (_, i) =>
      JSON.stringify({ id: i, text: i % 2 ? `post ${i}` : `mail me at user${i}.name@posteo.de` }),
    ).join('\n');
    const { code, stdout } = await runScan(input);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(n);
    lines.forEach((l, i) => {
      expect(l.id).toBe(i);
      expect(l.findings.length).toBe(i % 2 ? 0 : 1);
    });
  }, 60_000);

  it('with worker threads writes exactly what one thread writes: every line, in order, errors with their line numbers', async () => {
    // Over a megabyte, so the input is cut into several blocks shared by the workers.
    const lines: string[] = [];
    for (let i = 0; i < 16_000; i++) {
      if (i % 997 === 5) lines.push('{broken');
      else if (i % 1009 === 7) lines.push('');
      // A lone carriage return ends a line for readline too.
      else if (i % 1201 === 9)
        lines.push(`${JSON.stringify({ id: i, text: 'one' })}\r${JSON.stringify({ id: -i, text: 'two' })}`);
      else
        lines.push(
          JSON.stringify({
            id: i,
            text:
              i % 3
                ? `post ${i}, nothing here but words and more words`
                : `text me on +49 176 ${10000000 + i}`,
          }),
        );
    }
    const input = `${lines.join('\r\n')}\r\n`;
    expect(input.length).toBeGreaterThan(1_000_000);
    const one = await runScan(input, ['--jobs', '1']);
    const three = await runScan(input, ['--jobs', '3']);
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const out = one.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(
      lines
        .join('\n')
        .split(/\r\n|\n|\r/)
        .filter((l) => l !== '').length,
    );
    expect(out.find((l) => l.id === null)).toMatchObject({ line: 6 });
    const phones = lines.filter((l) => l.includes('text me on')).length;
    expect(out.filter((l) => l.findings?.length === 1)).toHaveLength(phones);
  }, 120_000);

  it('rejects a --jobs that is not a whole number from 1 to 64', async () => {
    const { code, stderr } = await runScan('', ['--jobs', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--jobs/);
  }, 60_000);

  it('rejects an unknown option with exit code 2', async () => {
    const { code, stderr } = await runScan('', ['--bogus']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option/);
  }, 60_000);
});
