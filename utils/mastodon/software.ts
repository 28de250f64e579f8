/**
 * Which software a server runs, and what that means for a checkup.
 *
 * The name and version come from nodeinfo (`/.well-known/nodeinfo`, then the 2.x document it
 * links to on the same host), read through the caller's Getter, so the timeout and the
 * own-server-only rule hold. The family (which API dialect) is megalodon's `detector`, the one
 * thing megalodon is in the stack for; it knows Mastodon and its forks (glitch-soc, Hometown
 * report `mastodon`), Pleroma/Akkoma, GoToSocial, Firefish and Friendica. For anything else
 * (snac) it throws, and the family is `other`.
 * https://github.com/jhass/nodeinfo/blob/main/PROTOCOL.md
 */
import { detector } from 'megalodon';
import { z } from 'zod';
import type { Getter } from './discovery';

export type SoftwareFamily = 'mastodon' | 'pleroma' | 'gotosocial' | 'firefish' | 'friendica' | 'other';

export interface ServerSoftware {
  /** nodeinfo's `software.name`, lower case: `mastodon`, `akkoma`, `gotosocial`, `snac`… */
  name: string;
  version: string | null;
  family: SoftwareFamily;
}

const NodeinfoIndexSchema = z.object({
  links: z.array(z.object({ rel: z.string(), href: z.string() })),
});
const NodeinfoSchema = z.object({
  software: z.object({
    name: z.string(),
    version: z
      .union([z.string(), z.number().transform(String)])
      .nullable()
      .optional(),
  }),
});
const SCHEMA_2 = /^https?:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/2\.[0-9]+$/;

/** Reads nodeinfo: null when the server has none (or it names another host). */
export async function readNodeinfo(
  get: Getter,
  origin: string,
): Promise<{ name: string; version: string | null } | null> {
  const index = await get('/.well-known/nodeinfo');
  const links = NodeinfoIndexSchema.safeParse(index.data);
  if (index.status !== 200 || !links.success) return null;
  const link = links.data.links
    .filter((l) => SCHEMA_2.test(l.rel))
    .sort((a, b) => (a.rel < b.rel ? 1 : -1))[0];
  if (!link) return null;
  let url: URL;
  try {
    url = new URL(link.href, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  const doc = await get(url.pathname + url.search);
  const parsed = NodeinfoSchema.safeParse(doc.data);
  if (doc.status !== 200 || !parsed.success) return null;
  return { name: parsed.data.software.name.toLowerCase(), version: parsed.data.software.version ?? null };
}

/** megalodon's detector has its own 20 s timeout and no cancel: the checkup does not wait that long. */
const DETECTOR_WAIT_MS = 5_000;

/** The family by megalodon's detector; `other` when it does not know the software or cannot tell. */
export async function detectFamily(origin: string, waitMs = DETECTOR_WAIT_MS): Promise<SoftwareFamily> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<SoftwareFamily>((resolve) => (timer = setTimeout(() => resolve('other'), waitMs)));
  try {
    return await Promise.race([detector(origin).catch((): SoftwareFamily => 'other'), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The server's software, or null when it publishes no nodeinfo. `family` is megalodon's verdict
 * when given; without it (or when it could not tell) the nodeinfo name decides for the families
 * whose names are known.
 */
export function serverSoftware(
  info: { name: string; version: string | null } | null,
  family: SoftwareFamily = 'other',
): ServerSoftware | null {
  if (!info) return null;
  const byName: Record<string, SoftwareFamily> = {
    mastodon: 'mastodon',
    hometown: 'mastodon',
    pleroma: 'pleroma',
    akkoma: 'pleroma',
    gotosocial: 'gotosocial',
  };
  return { ...info, family: family !== 'other' ? family : (byName[info.name] ?? 'other') };
}

/** Parts of an account a server's API does not give apps at all. */
export type NotShownPart = 'privatePosts' | 'directPosts' | 'followers' | 'histories';

export interface Capabilities {
  /** What the server does not give apps: shown as "not checked", never as an error. */
  notShown: NotShownPart[];
  /** Whether `statuses_count`, `followers_count` and `following_count` mean what they say. */
  countsTrusted: boolean;
  /** The server lists only this many of the newest posts; reading that many may mean more exist. */
  statusListCap: number | null;
}

/**
 * What is known of each software's API, from running it (snac 2.94 in CI) or from its API
 * documentation. Unknown software is read as Mastodon, and the counts then tell.
 */
export function capabilitiesOf(software: Pick<ServerSoftware, 'name'> | null | undefined): Capabilities {
  switch (software?.name) {
    case 'snac':
      // Observed on 2.94: account statuses give only public and unlisted posts, from the newest
      // 256; conversations and followers are empty lists; histories 404; every count is 0.
      return {
        notShown: ['privatePosts', 'directPosts', 'followers', 'histories'],
        countsTrusted: false,
        statusListCap: 256,
      };
    default:
      return { notShown: [], countsTrusted: true, statusListCap: null };
  }
}
