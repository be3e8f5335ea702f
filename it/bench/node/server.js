'use strict';
// Peer (c) of the ChannelBox benchmark: the room broadcast a Node.js developer writes with the `ws`
// package, speaking the same protocol as the Java servers (dev.channelbox.bench.server.BenchServer):
//
//   * every connection to /<room> is a member of that room;
//   * a text message "<seq> <size>" from a member broadcasts one text frame of <size> bytes,
//     "<seq> <monotonic ns> xxx...", to every member of its room, the sender included;
//   * stdin takes control lines (ROOM <name>, HEAP, QUIT); answers start with "BENCH ".
//
// The timestamp is process.hrtime.bigint(): CLOCK_MONOTONIC, the clock System.nanoTime() reads
// in the Java load client, so the latency is comparable across the two processes.
//
// Broadcast as the ws README shows it, with the payload turned into a Buffer once (so ws does not
// convert the string again for every member): the fairest peer we can write without patching ws.

const http = require('http');
const readline = require('readline');
const { WebSocketServer, WebSocket } = require('ws');

const PAD = 'x'.repeat(1 << 16);
const rooms = new Map(); // room name -> Set<WebSocket>

const server = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });

wss.on('connection', (ws, req) => {
  const room = decodeURIComponent(req.url.split('?')[0].replace(/^\/+/, ''));
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      return;
    }
    const command = data.toString();
    const space = command.indexOf(' ');
    const seq = command.substring(0, space);
    const size = parseInt(command.substring(space + 1), 10);
    const head = seq + ' ' + process.hrtime.bigint() + ' ';
    const payload = Buffer.from(size > head.length ? head + PAD.substring(0, size - head.length) : head);
    for (const member of members) {
      if (member.readyState === WebSocket.OPEN) {
        member.send(payload, { binary: false });
      }
    }
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0 && rooms.get(room) === members) {
      rooms.delete(room);
    }
  });
});

function answer(line) {
  process.stdout.write('BENCH ' + line + '\n');
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'ROOM') {
    const members = rooms.get(arg);
    answer('ROOM ' + (members ? members.size : 0));
  } else if (command === 'HEAP') {
    // the JS heap only: a socket's buffers live outside it (reported as external and rss)
    for (let i = 0; i < 3; i++) {
      global.gc();
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
