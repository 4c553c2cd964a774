import * as net from 'node:net';

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A TCP server that accepts connections and never says a word. */
export async function silentServer() {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer(socket => {
    accepted++;
    socket.resume(); // reads (and ignores) what the client says, so its FIN is seen
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Connections open now. */
    connections: () => sockets.size,
    /** Connections ever accepted. */
    accepted: () => accepted,
    close: async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}
