/**
 * IP addresses. Decision (README): loopback, unspecified, private LAN (RFC 1918, CGNAT, link-local,
 * IPv6 ULA), documentation ranges and the big public resolvers say nothing about where a person is,
 * so they are reported at 0.2 (below the default threshold). Public addresses are reported.
 */
import type { PiiMatch } from '../types';
import { match, near, nearBefore, wordsRe } from '../text';

const IPV4 =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9_]|\.\d)/g;
const IPV6 =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![A-Za-z0-9À-ÖØ-öø-ɏ_:])/g;
const IP_CONTEXT = wordsRe(
  [
    'IP',
    'IP address',
    'my IP',
    'IPv4',
    'IPv6',
    'address',
    'server',
    'home',
    'router',
    'VPN',
    'ssh',
    'IP-Adresse',
    'adresse IP',
    'dirección IP',
    'Adresse',
  ],
  ['IPアドレス'],
);
const VERSION_CONTEXT = wordsRe([
  'version',
  'v',
  'release',
  'firmware',
  'build',
  'Version',
  'versión',
  'update',
  'upgrade',
  'kernel',
  'SNMP OID',
  'OID',
]);

function v4Private(a: number, b: number): string | null {
  if (a === 127) return 'loopback';
  if (a === 0) return 'unspecified';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private LAN';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT';
  if (a >= 224) return 'multicast/reserved';
  return null;
}
const DOC_V4 = /^(?:192\.0\.2|198\.51\.100|203\.0\.113)\./;
const PUBLIC_RESOLVERS = new Set([
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
  '149.112.112.112',
  '208.67.222.222',
  '208.67.220.220',
]);

export function detectIp(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  IPV4.lastIndex = /\d\.\d{1,3}\.\d/.test(text) ? 0 : text.length;
  for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (/v$/i.test(text.slice(Math.max(0, start - 1), start))) continue;
    const [a = 0, b = 0] = m[0].split('.').map(Number);
    const special = v4Private(a, b);
    let confidence = 0.75;
    let reason = 'public IPv4 address';
    if (special) {
      confidence = 0.2;
      reason = `${special} IPv4 address (low risk)`;
    } else if (DOC_V4.test(m[0])) {
      confidence = 0.2;
      reason = 'documentation-range IPv4 address';
    } else if (PUBLIC_RESOLVERS.has(m[0])) {
      confidence = 0.2;
      reason = 'public DNS resolver';
    } else if (nearBefore(text, start, VERSION_CONTEXT, 20)) {
      confidence = 0.25;
      reason = 'looks like a version number';
    } else if (near(text, start, end, IP_CONTEXT, 50, 20)) {
      confidence = 0.95;
      reason = 'public IPv4 address with IP context';
    }
    out.push(match('ip-address', start, end, confidence, reason));
  }
  IPV6.lastIndex = /[0-9A-Fa-f]:[0-9A-Fa-f]*:/.test(text) ? 0 : text.length;
  for (let m = IPV6.exec(text); m; m = IPV6.exec(text)) {
    const value = m[0];
    if (!isIpv6(value)) continue;
    const start = m.index;
    const end = start + value.length;
    const lower = value.toLowerCase();
    let confidence = 0.8;
    let reason = 'public IPv6 address';
    if (
      lower === '::1' ||
      lower === '::' ||
      /^fe[89ab]/.test(lower) ||
      /^f[cd]/.test(lower) ||
      lower.startsWith('2001:db8:')
    ) {
      confidence = 0.2;
      reason = 'loopback, link-local, ULA or documentation IPv6 address (low risk)';
    } else if (near(text, start, end, IP_CONTEXT, 50, 20)) {
      confidence = 0.95;
    }
    out.push(match('ip-address', start, end, confidence, reason));
  }
  return out;
}

function isIpv6(v: string): boolean {
  if (v.includes(':::') || /^:[^:]/.test(v) || /[^:]:$/.test(v)) return false;
  const doubles = v.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = v.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4)) return false;
  if (doubles === 0 && groups.length !== 8) return false;
  if (doubles === 1 && groups.length > 7) return false;
  // Clock times and ratios (12:30, 10:00:00) are all-decimal; real addresses nearly always carry a hex letter or ::.
  if (doubles === 0 && groups.every((g) => /^\d+$/.test(g))) return false;
  return groups.length >= 2 || doubles === 1;
}
