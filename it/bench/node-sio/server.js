'use strict';
// The two-node peer of the ChannelBox benchmark (-Dbench.cluster): Socket.IO 4 with its Redis
// adapter, as its documentation shows it (https://socket.io/docs/v4/redis-adapter/). Run twice on
// one Redis, the processes are two nodes of one application: a room spans both.
//
//   * a client connects with ?room=<name> (WebSocket transport only, no long-polling) and joins it;
//   * the event "b" with "<seq> <size>" broadcasts the event "m" with one string of <size> characters,
//     "<seq> <monotonic ns> xxx...", to every member of the room on every node, the sender included
//     (io.to(room).emit: the adapter publishes it once on Redis, each node sends it to its members);
//   * stdin takes control lines (ROOM <name>: members on this node, HEAP, QUIT); answers start with
//     "BENCH ".
//
// REDIS_URL and REDIS_KEY (the adapter's channel prefix) come from the environment.

const http = require('http');
const readline = require('readline');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');

const PAD = 'x'.repeat(1 << 16);
const local = new Map(); // room -> members on this node

function answer(line) {
  process.stdout.write('BENCH ' + line + '\n');
}

async function main() {
  const pub = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
  const sub = pub.duplicate();
  pub.on('error', () => {});
  sub.on('error', () => {});
  await Promise.all([pub.connect(), sub.connect()]);

  const server = http.createServer();
  const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
  io.adapter(createAdapter(pub, sub, { key: process.env.REDIS_KEY || 'socket.io' }));

  io.on('connection', (socket) => {
    const room = String(socket.handshake.query.room || 'bench');
    socket.join(room);
    local.set(room, (local.get(room) || 0) + 1);
    socket.on('b', (command) => {
      const space = command.indexOf(' ');
      const seq = command.substring(0, space);
      const size = parseInt(command.substring(space + 1), 10);
      const head = seq + ' ' + process.hrtime.bigint() + ' ';
      io.to(room).emit('m', size > head.length ? head + PAD.substring(0, size - head.length) : head);
    });
    socket.on('disconnect', () => {
      local.set(room, local.get(room) - 1);
    });
  });

  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'ROOM') {
      answer('ROOM ' + (local.get(arg) || 0));
    } else if (command === 'HEAP') {
      if (global.gc) {
        for (let i = 0; i < 3; i++) {
          global.gc();
        }
      }
      const m = process.memoryUsage();
      answer('HEAP ' + m.heapUsed + ' ' + m.external + ' ' + m.rss);
    } else if (command === 'QUIT') {
      process.exit(0);
    } else {
      answer('ERROR unknown command: ' + line);
    }
  }).on('close', () => process.exit(0));

  server.listen(0, '127.0.0.1', () => {
    answer('READY ' + server.address().port);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
