import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * patches/mongodb+7.8.0.patch (ADR 8): the driver's Connection waited for 'drain' alone after a
 * write the socket did not take. A socket destroyed before its 'close' event refuses a write with
 * neither 'drain' nor 'error', and one destroyed while draining emits only 'close', so the command
 * never ended. The server monitor stuck that way after a database restart: the service never got
 * its database back. These tests hang (and time out) on the unpatched driver.
 *
 * No MongoDB here: the peer is a plain TCP server that never answers; what is tested is how the
 * driver's connection behaves when its socket goes away under a write.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Connection } = require('mongodb/lib/cmap/connection') as {
  Connection: new (
    socket: Socket,
    options: Record<string, unknown>,
  ) => {
    command(ns: unknown, command: object, options: object): Promise<unknown>;
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ns } = require('mongodb/lib/utils') as { ns: (namespace: string) => unknown };

describe('MongoDB driver connection when its socket goes away under a write (patched)', () => {
  let server: Server;
  const peers: Socket[] = [];

  beforeAll(async () => {
    // Accepts and never reads: a large write stays in the client's buffer, waiting for 'drain'.
    server = createServer((socket) => {
      socket.pause();
      peers.push(socket);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  afterAll(async () => {
    peers.forEach((peer) => peer.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  const openConnection = async () => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
    const connection = new Connection(socket, {
      id: 1,
      generation: 0,
      hostAddress: { toString: () => 'test-peer' },
      socketTimeoutMS: 0,
    });
    return { socket, connection };
  };

  it('refuses a command on a socket destroyed before its close event', async () => {
    const { socket, connection } = await openConnection();
    socket.destroy(); // 'close' comes on a later tick: the connection still thinks it is open
    await expect(
      connection.command(ns('admin.$cmd'), { hello: 1 }, { socketTimeoutMS: 0 }),
    ).rejects.toMatchObject({ name: 'MongoNetworkError', message: expect.stringMatching(/closed/) });
  });

  it('ends a command waiting for drain when the socket is destroyed', async () => {
    const { socket, connection } = await openConnection();
    // Larger than what the kernel buffers for a peer that does not read.
    const pending = connection.command(
      ns('admin.$cmd'),
      { hello: 1, padding: 'x'.repeat(32 * 1024 * 1024) },
      { socketTimeoutMS: 0 },
    );
    const outcome = pending.then(
      () => 'answered',
      (error: Error) => error.name,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.writableNeedDrain).toBe(true);
    socket.destroy(); // no error: only 'close' is emitted
    await expect(outcome).resolves.toBe('MongoNetworkError');
  });
});
