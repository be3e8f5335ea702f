// Drives channelbox.js, fetched from the server under test, in Node (a real JavaScript runtime with a
// real WebSocket): one line of JSON on stdout per event; commands on stdin ("send <json>", "close").
// Usage: node --experimental-websocket client-driver.mjs <port> <path and query>
import readline from "node:readline";

const [port, path] = process.argv.slice(2);
const source = await (await fetch(`http://127.0.0.1:${port}/channelbox.js`)).text();
new Function(source)();
const ChannelBox = globalThis.ChannelBox;
const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const box = new ChannelBox(`ws://127.0.0.1:${port}${path}`, { minDelay: 200, maxDelay: 1000 });
box.on("open", () => out({ ev: "open" }));
box.on("close", (e) => out({ ev: "close", code: e.code, reconnecting: e.reconnecting }));
box.on("reconnecting", (e) => out({ ev: "reconnecting", attempt: e.attempt }));
box.on("message", (data, meta) => out({ ev: "message", data, group: meta.group, position: meta.position }));
box.on("direct", (data) => out({ ev: "direct", data }));
box.on("recovery", (r) => out({ ev: "recovery", ...r }));
box.on("members", (group, members) => out({ ev: "members", group, users: members.map((m) => m.attributes.user).sort() }));
box.on("error", (message) => out({ ev: "error", message }));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.startsWith("send ")) box.send(JSON.parse(line.substring(5)));
  if (line === "close") { box.close(); setTimeout(() => process.exit(0), 100); }
});
