// Where ingestion may connect: never, by default, to the machine itself or its private network
// (a feed's publisher chooses the links the bot fetches, so it could point them at internal
// services). The check runs inside the connection itself, on the address the socket is opened to,
// for every hop including redirects: nothing can change between the check and the connect (no DNS
// rebinding). INGEST_ALLOW_PRIVATE=true lifts it; INGEST_ALLOW_HOSTS lifts it for some hosts or CIDRs.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';

export interface AddressPolicy {
  /** Any address may be fetched (intranet feeds, tests). */
  allowPrivate: boolean;
  /** Host names (exact, or `.example.org` for its subdomains too), IP addresses or CIDRs allowed although private. */
  allowHosts: string[];
}

/** Ranges refused by default, each with the name the refusal uses. */
const RANGES: [kind: string, cidrs: string[]][] = [
  ['a loopback address', ['127.0.0.0/8', '::1/128']],
  ['an unspecified address', ['0.0.0.0/8', '::/128']],
  ['a private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7']],
  ['a link-local address', ['169.254.0.0/16', 'fe80::/10']],
  ['a multicast address', ['224.0.0.0/4', 'ff00::/8']],
  ['a reserved address', ['240.0.0.0/4']],
];

const blockLists = RANGES.map(([kind, cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) addCidr(list, cidr);
  return { kind, list };
});

function addCidr(list: BlockList, cidr: string): boolean {
  const [ip, bits] = cidr.split('/');
  const family = isIP(ip);
  if (!family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (bits === undefined) list.addAddress(ip, type);
  else {
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return false;
    list.addSubnet(ip, prefix, type);
  }
  return true;
}

/** `::ffff:127.0.0.1` is 127.0.0.1. */
function unmap(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
}

/** What kind of non-public address `ip` is, or null for a public one. */
export function restrictedKind(address: string): string | null {
  const ip = unmap(address);
  const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  return blockLists.find(({ list }) => list.check(ip, type))?.kind ?? null;
}

/** Thrown inside the connection; fetchText turns it into the ingestion error. */
export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

/** Checks addresses against a policy; `INGEST_ALLOW_HOSTS` entries are host names, IPs or CIDRs. */
export class AddressGuard {
  private readonly allowedNets = new BlockList();
  private readonly allowedNames: string[] = [];

  constructor(readonly policy: AddressPolicy) {
    for (const entry of policy.allowHosts) {
      if (!addCidr(this.allowedNets, entry)) this.allowedNames.push(entry.toLowerCase().replace(/\.$/, ''));
    }
  }

  private nameAllowed(host: string): boolean {
    const h = host.toLowerCase().replace(/\.$/, '');
    return this.allowedNames.some((n) => (n.startsWith('.') ? h.endsWith(n) || h === n.slice(1) : h === n));
  }

  /** Null when `ip` (reached through `host`) may be connected to, else why not. */
  refusal(host: string, address: string): string | null {
    if (this.policy.allowPrivate) return null;
    const kind = restrictedKind(address);
    if (!kind) return null;
    const ip = unmap(address);
    if (this.nameAllowed(host) || this.allowedNets.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6')) return null;
    return `refused: ${ip} is ${kind} (INGEST_ALLOW_PRIVATE)`;
  }

  /** The address to connect to for `host`: its first allowed one; throws naming the rule when none is. */
  async resolve(host: string): Promise<string> {
    const bare = host.replace(/^\[|\]$/g, '');
    const addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
    let reason = `cannot resolve ${host}`;
    for (const address of addresses) {
      const refused = this.refusal(bare, address);
      if (!refused) return address;
      reason = refused;
    }
    throw new RefusedAddressError(reason);
  }
}

const agents = new Map<string, Agent>();

/**
 * The HTTP agent for a policy: its connector resolves the host, checks the address and opens the
 * socket to that very address (TLS still verifies the host name).
 */
export function guardedAgent(policy: AddressPolicy): Agent {
  const key = JSON.stringify(policy);
  let agent = agents.get(key);
  if (agent) return agent;
  const guard = new AddressGuard(policy);
  const connect = buildConnector({});
  agent = new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, '');
      guard.resolve(host).then(
        (address) =>
          connect({ ...options, hostname: address, servername: options.servername ?? (isIP(host) ? undefined : host) }, callback),
        (err: Error) => callback(err, null),
      );
    },
  });
  agents.set(key, agent);
  return agent;
}
