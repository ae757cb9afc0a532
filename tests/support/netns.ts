import { type ChildProcess, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Hosts of a test's own: network namespaces joined by veth pairs to a bridge, each with an
 * address of its own in a /24 no other route on the machine uses; this process sits on the
 * bridge too (at .254), like a load balancer and the phones in front of the hosts. Needs root
 * and iproute2. Everything made here is removed by `remove` (and nothing else is touched).
 */
export interface TestNetwork {
  /** The address of host i (1-based). */
  address(host: number): string;
  /** Runs a program inside host i's namespace. */
  spawnIn(host: number, command: string, args: string[], options?: SpawnOptions): ChildProcess;
  remove(): void;
  /** The namespaces and links of this network still on the machine (none after `remove`). */
  remains(): string[];
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Why hosts cannot be made here (not root, no `ip`), or null when they can. */
export function networkUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return null;
  } catch (error) {
    return `ip netns does not work here: ${(error as Error).message}`;
  }
}

/** A /24 under 10.213.0.0/16 that no route on this machine covers yet. */
function freeSubnet(): string {
  const routes = execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' });
  for (let attempt = 0; attempt < 50; attempt++) {
    const subnet = `10.213.${Math.floor(Math.random() * 250) + 1}`;
    if (!routes.includes(`${subnet}.`)) return subnet;
  }
  throw new Error('no free 10.213.x.0/24 subnet');
}

export function createTestNetwork(hosts: number): TestNetwork {
  const tag = randomBytes(2).toString('hex');
  const subnet = freeSubnet();
  // Interface names stay under 15 characters.
  const bridge = `cbbr${tag}`;
  const namespaces = Array.from({ length: hosts }, (_, i) => `citybrain-${tag}-h${i + 1}`);
  const made: (() => void)[] = [];
  const network: TestNetwork = {
    address: (host) => `${subnet}.${host}`,
    spawnIn: (host, command, args, options = {}) => spawn('ip', ['netns', 'exec', namespaces[host - 1]!, command, ...args], options),
    remains: () => {
      const listed = [execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })].join('\n');
      return listed.split('\n').filter((line) => line.includes(`citybrain-${tag}-`) || line.includes(`cbbr${tag}`) || line.includes(`cb${tag}v`));
    },
    remove: () => {
      for (const undo of made.reverse()) {
        try {
          undo();
        } catch {
          // Already gone (a namespace's veth end goes with it).
        }
      }
      made.length = 0;
    },
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    made.push(() => ip('link', 'del', bridge));
    ip('addr', 'add', `${subnet}.254/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    namespaces.forEach((ns, i) => {
      const outside = `cb${tag}v${i + 1}`;
      const inside = `cb${tag}p${i + 1}`;
      ip('netns', 'add', ns);
      made.push(() => ip('netns', 'del', ns));
      ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
      made.push(() => ip('link', 'del', outside));
      ip('link', 'set', inside, 'netns', ns);
      ip('link', 'set', outside, 'master', bridge);
      ip('link', 'set', outside, 'up');
      ip('-n', ns, 'addr', 'add', `${subnet}.${i + 1}/24`, 'dev', inside);
      ip('-n', ns, 'link', 'set', inside, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    });
  } catch (error) {
    network.remove();
    throw error;
  }
  return network;
}
