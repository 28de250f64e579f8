/**
 * `npm run --silent audit -- <command> ...`: the same engine as the extension, in Node.
 * Each command lives in scripts/audit/<command>.ts and exports `run(args): Promise<number>`.
 */
import '../utils/i18n-node';

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  scan: () => import('./audit/scan'),
  snapshot: () => import('./audit/snapshot'),
  server: () => import('./audit/server'),
  archive: () => import('./audit/archive'),
};

const usage = `Usage: npm run --silent audit -- <command>
  scan                                     JSON Lines posts on stdin -> findings per line on stdout
  snapshot <server-url> --token=T --out F  read an account snapshot into a JSON file
  server <server-url> --token=T [--json]   run the checkup against a server
  archive <zip> [--json]                   run the checkup on a Mastodon export archive`;

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? commands[name] : undefined;
  if (!load) {
    console.error(usage);
    return name ? 2 : 0;
  }
  try {
    const command = await load();
    return await command.run(args);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    console.error(`audit ${name}: ${e.name}: ${e.message}`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
