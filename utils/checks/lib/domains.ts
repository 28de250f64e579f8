/**
 * Server (domain) arithmetic shared by the checks and the holders map.
 */
import type { Account, DomainBlock, Mention } from '../../mastodon/schemas';
import type { AccountSnapshot } from '../../snapshot/types';
import { sha256Hex } from './sha256';

export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** The home server's WebFinger domain: instance.domain, else the host of the server origin. */
export function homeDomainOf(snapshot: AccountSnapshot): string {
  if (snapshot.instance?.domain) return normalizeDomain(snapshot.instance.domain);
  try {
    return normalizeDomain(new URL(snapshot.server).host);
  } catch {
    // A snapshot whose server is not a URL is corrupt; fall back to the raw value so the
    // checks still run and the report shows what was stored.
    return normalizeDomain(snapshot.server);
  }
}

/**
 * The server an account or mention lives on. `acct` is `user` for accounts local to the
 * owner's server and `user@domain` otherwise (https://docs.joinmastodon.org/entities/Account/#acct).
 */
export function domainOfAcct(acct: string, homeDomain: string): string {
  const at = acct.lastIndexOf('@');
  if (at <= 0) return normalizeDomain(homeDomain);
  return normalizeDomain(acct.slice(at + 1));
}

export function domainOfAccount(account: Pick<Account | Mention, 'acct'>, homeDomain: string): string {
  return domainOfAcct(account.acct, homeDomain);
}

export function isTrusted(domain: string, trusted: readonly string[]): boolean {
  const d = normalizeDomain(domain);
  return trusted.some((t) => normalizeDomain(t) === d);
}

/**
 * How the home server treats `domain`, from its published blocks. A block on `example.com`
 * also covers `sub.example.com`, as Mastodon's DomainBlock.rule_for does. Obfuscated entries
 * (`ex**ple.com`) are matched by their SHA-256 digest.
 */
export function blockFor(domain: string, blocks: readonly DomainBlock[] | null): DomainBlock | undefined {
  if (!blocks || blocks.length === 0) return undefined;
  const d = normalizeDomain(domain);
  const candidates: string[] = [];
  const labels = d.split('.');
  for (let i = 0; i < labels.length - 1; i++) candidates.push(labels.slice(i).join('.'));
  const digests = new Map<string, string>();
  let best: DomainBlock | undefined;
  for (const block of blocks) {
    const b = normalizeDomain(block.domain);
    let hit = candidates.includes(b);
    if (!hit && b.includes('*')) {
      hit = candidates.some((c) => {
        let digest = digests.get(c);
        if (!digest) {
          digest = sha256Hex(c);
          digests.set(c, digest);
        }
        return digest === block.digest.toLowerCase();
      });
    }
    if (hit && (!best || (best.severity === 'silence' && block.severity === 'suspend'))) best = block;
  }
  return best;
}

/** Count accounts per domain. */
export function countByDomain(accounts: readonly Account[], homeDomain: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of accounts) {
    const d = domainOfAccount(a, homeDomain);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return counts;
}
