// A TCP relay in front of a test's PostgreSQL, for tests of the database going away: closed, it refuses
// connections and drops the open ones, as a stopped server does; hanging, it accepts connections and never
// answers, as a database host gone silent does.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export class Relay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  hanging = false;
  port = 0;
  constructor(private readonly target: number) {}

  /** Listens on `port` (a free one when 0; the same one again to come back after close). */
  async open(port = 0): Promise<void> {
    this.server = net.createServer((client) => {
      this.track(client);
      if (this.hanging) return; // accepted, never answered
      const upstream = net.connect(this.target, '127.0.0.1');
      this.track(upstream);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Open connections are cut, new ones are held and never served. */
  hang(): void {
    this.hanging = true;
    this.cutAll();
  }

  resume(): void {
    this.hanging = false;
    this.cutAll(); // the held connections fail; the pool opens new ones
  }

  /** The database away: connections cut, the port refusing new ones. */
  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** `clusterUrl` (a database of the cluster listening on `clusterPort`), reached through this relay instead. */
  urlOf(clusterUrl: string, clusterPort: number): string {
    return clusterUrl.replace(`:${clusterPort}/`, `:${this.port}/`);
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }
}
