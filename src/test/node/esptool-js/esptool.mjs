// A command line around the esptool-js library, taking esptool.py's arguments for the commands
// flashline's tests and benchmark use:
//   node esptool.mjs [--chip auto] --port socket://HOST:PORT [--baud N] [--before B] [--after A]
//        write_flash [-z|-u] ADDR FILE | read_flash ADDR SIZE FILE | erase_flash | flash_id
// esptool-js speaks Web Serial; here a TCP socket stands in for the port. socket:// carries no
// rate and no control lines, so a baud change is done in place (the device follows
// CHANGE_BAUDRATE) and DTR/RTS are ignored, as pyserial's socket:// does.
import net from "node:net";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { ESPLoader, Transport } from "esptool-js";

class SocketPort {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = null;
    this.readable = null;
    this.writable = null;
  }

  async open() {
    if (this.socket) {
      return; // reopening after a baud change keeps the link: a new TCP connection would be a power-on
    }
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    this.socket = socket;
    let closed = false;
    this.readable = new ReadableStream({
      start(controller) {
        socket.on("data", (chunk) => { if (!closed) controller.enqueue(new Uint8Array(chunk)); });
        socket.on("end", () => { if (!closed) { closed = true; controller.close(); } });
        socket.on("error", (e) => { if (!closed) { closed = true; controller.error(e); } });
      },
      cancel() { closed = true; },
    });
    this.writable = new WritableStream({
      write(chunk) {
        return new Promise((resolve, reject) => socket.write(chunk, (e) => (e ? reject(e) : resolve())));
      },
    });
  }

  async setBaudRate() {}

  async setSignals() {}

  getInfo() {
    return {};
  }

  async close() {
    if (this.socket) {
      this.socket.destroy();
      this.socket = null;
      this.readable = null;
      this.writable = null;
    }
  }
}

function parse(argv) {
  const options = { chip: "auto", baud: 115200, before: "default_reset", after: "hard_reset", port: null, command: null, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port" || a === "-p") options.port = argv[++i];
    else if (a === "--baud" || a === "-b") options.baud = Number(argv[++i]);
    else if (a === "--chip" || a === "-c") options.chip = argv[++i];
    else if (a === "--before") options.before = argv[++i].replace(/-/g, "_");
    else if (a === "--after" || a === "-a") options.after = argv[++i].replace(/-/g, "_");
    else if (options.command === null) options.command = a.replace(/-/g, "_");
    else options.rest.push(a);
  }
  const url = /^socket:\/\/([^:]+):(\d+)$/.exec(options.port || "");
  if (!url || !options.command) {
    console.error("usage: esptool.mjs --port socket://HOST:PORT [--baud N] write_flash ADDR FILE | read_flash ADDR SIZE FILE | erase_flash | flash_id");
    process.exit(2);
  }
  options.host = url[1];
  options.tcpPort = Number(url[2]);
  return options;
}

const number = (text) => Number(text.startsWith("0x") ? parseInt(text, 16) : text);
const print = (line) => process.stderr.write(line + "\n");

async function main() {
  const o = parse(process.argv.slice(2));
  const transport = new Transport(new SocketPort(o.host, o.tcpPort), process.env.ESPTOOL_JS_TRACE === "1");
  const terminal = { clean() {}, writeLine: print, write: (t) => process.stderr.write(t) };
  const loader = new ESPLoader({ transport, baudrate: o.baud, romBaudrate: 115200, terminal, debugLogging: false });
  const chip = await loader.main(o.before);
  console.log("Chip is " + chip);
  switch (o.command) {
    case "write_flash": {
      const flags = o.rest.filter((a) => a.startsWith("-"));
      const [addr, file] = o.rest.filter((a) => !a.startsWith("-"));
      const data = new Uint8Array(readFileSync(file));
      await loader.writeFlash({
        fileArray: [{ data, address: number(addr) }],
        flashMode: "keep", flashFreq: "keep", flashSize: "keep", eraseAll: false,
        compress: !flags.includes("-u") && !flags.includes("--no-compress"),
        calculateMD5Hash: (image) => createHash("md5").update(image).digest("hex"),
      });
      break;
    }
    case "read_flash": {
      const [addr, size, file] = o.rest;
      const data = await loader.readFlash(number(addr), number(size));
      writeFileSync(file, data);
      console.log(`Read ${data.length} bytes, md5 ${createHash("md5").update(data).digest("hex")}`);
      break;
    }
    case "erase_flash":
      await loader.eraseFlash();
      break;
    case "flash_id":
      console.log("Flash ID: " + (await loader.readFlashId()).toString(16));
      break;
    default:
      throw new Error("unsupported command " + o.command);
  }
  if (o.after !== "no_reset") {
    await loader.after(o.after);
  }
  await transport.disconnect();
}

main().then(() => process.exit(0), (e) => {
  console.error("A fatal error occurred: " + (e && e.message ? e.message : e));
  process.exit(1);
});
